package dev.ecivk.runtime;

import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.pod.NodePodDefaults.ImageCacheView;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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

    /**
     * Looks ImageCaches up by name from a watch of them all (they are few, cluster-scoped objects): no apiserver call
     * per Pod create. Without the CRD there are none.
     *
     * @param closeables where the watch is registered to be closed with the controller
     */
    static Function<String, Optional<ImageCacheView>> imageCacheLookup(
            KubernetesClient client, boolean installed, java.util.List<AutoCloseable> closeables) {
        if (!installed) {
            return name -> Optional.empty();
        }
        SharedIndexInformer<ImageCache> informer =
                client.resources(ImageCache.class).inform();
        closeables.add(informer::close);
        return name -> Optional.ofNullable(informer.getStore().getByKey(name)).map(cache -> {
            String phase = cache.getStatus() == null ? null : cache.getStatus().phase;
            String id = cache.getStatus() == null ? null : cache.getStatus().imageCacheId;
            return new ImageCacheView(phase == null ? "Pending" : phase, id);
        });
    }
}
