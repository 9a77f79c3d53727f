package dev.ecivk.pod;

import dev.ecivk.crd.ImageCache;
import dev.ecivk.pod.NodePodDefaults.ImageCacheView;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import java.util.function.Function;

/**
 * The ImageCaches a Pod may name, by name, from a watch of them all (they are few, cluster-scoped objects): no
 * apiserver call per Pod create. Without the CRD there are none and nothing is watched.
 */
public final class ImageCacheLookup implements Function<String, Optional<ImageCacheView>>, AutoCloseable {
    private final SharedIndexInformer<ImageCache> informer;

    private ImageCacheLookup(SharedIndexInformer<ImageCache> informer) {
        this.informer = informer;
    }

    /** Watches the ImageCaches when their CRD is {@code installed}. */
    public static ImageCacheLookup start(KubernetesClient client, boolean installed) {
        return new ImageCacheLookup(
                installed ? client.resources(ImageCache.class).inform() : null);
    }

    @Override
    public Optional<ImageCacheView> apply(String name) {
        if (informer == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(informer.getStore().getByKey(name)).map(cache -> {
            String phase = cache.getStatus() == null ? null : cache.getStatus().phase;
            String id = cache.getStatus() == null ? null : cache.getStatus().imageCacheId;
            return new ImageCacheView(phase == null ? "Pending" : phase, id);
        });
    }

    @Override
    public void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
