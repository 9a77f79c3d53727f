package dev.ecivk.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A set of images ECI pre-pulls into a snapshot, so Pods that use them start in seconds. */
@Group(VirtualNode.GROUP)
@Version(VirtualNode.VERSION)
@Kind("ImageCache")
@Plural("imagecaches")
@ShortNames("eic")
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = Type.STRING)
@AdditionalPrinterColumn(name = "Id", jsonPath = ".status.imageCacheId", type = Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress", type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class ImageCache extends CustomResource<ImageCacheSpec, ImageCacheStatus> {

    @Override
    protected ImageCacheSpec initSpec() {
        return new ImageCacheSpec();
    }

    @Override
    protected ImageCacheStatus initStatus() {
        return new ImageCacheStatus();
    }
}
