package dev.ecivk;

import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.pod.NodePodDefaults.ImageCacheView;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How the wiring finds our CRDs: whether they are installed, ImageCache lookups. */
final class CustomResources {
    private static final Logger LOG = LoggerFactory.getLogger(CustomResources.class);
    static final String VIRTUAL_NODES_CRD = "virtualnodes." + VirtualNode.GROUP;

    private CustomResources() {}

    /**
     * True when the VirtualNode CRD is installed. Reading CRDs needs a cluster-wide {@code get} on
     * customresourcedefinitions; without it, a list of VirtualNodes tells (404 = not installed).
     */
    static boolean virtualNodesInstalled(KubernetesClient client) {
        return installed(client, VIRTUAL_NODES_CRD, VirtualNode.class);
    }

    static boolean imageCachesInstalled(KubernetesClient client) {
        return installed(client, "imagecaches." + VirtualNode.GROUP, ImageCache.class);
    }

    private static boolean installed(
            KubernetesClient client,
            String crdName,
            Class<? extends io.fabric8.kubernetes.api.model.HasMetadata> type) {
        try {
            CustomResourceDefinition crd = client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .withName(crdName)
                    .get();
            return crd != null;
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
        }
        try {
            client.resources(type)
                    .list(new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                            .withLimit(1L)
                            .build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    /** Looks an ImageCache up by name (one GET per Pod create that names one; the CRD may be absent). */
    static Function<String, Optional<ImageCacheView>> imageCacheLookup(KubernetesClient client) {
        return name -> {
            try {
                ImageCache cache =
                        client.resources(ImageCache.class).withName(name).get();
                if (cache == null) {
                    return Optional.empty();
                }
                String phase = cache.getStatus() == null ? null : cache.getStatus().phase;
                String id = cache.getStatus() == null ? null : cache.getStatus().imageCacheId;
                return Optional.of(new ImageCacheView(phase == null ? "Pending" : phase, id));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Optional.empty();
                }
                throw e;
            }
        };
    }
}
