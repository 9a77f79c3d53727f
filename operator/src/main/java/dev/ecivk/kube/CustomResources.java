package dev.ecivk.kube;

import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.VirtualNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Whether our CRDs are installed in the cluster: the controller serves VirtualNodes and ImageCaches only then. */
public final class CustomResources {
    static final String VIRTUAL_NODES_CRD = "virtualnodes." + VirtualNode.GROUP;
    static final String IMAGE_CACHES_CRD = "imagecaches." + VirtualNode.GROUP;

    private CustomResources() {}

    public static boolean virtualNodesInstalled(KubernetesClient client) {
        return installed(client, VIRTUAL_NODES_CRD, VirtualNode.class);
    }

    public static boolean imageCachesInstalled(KubernetesClient client) {
        return installed(client, IMAGE_CACHES_CRD, ImageCache.class);
    }

    /**
     * True when the CRD is installed. Reading CRDs needs a cluster-wide {@code get} on customresourcedefinitions;
     * without it, a list of the resources tells (404 = not installed).
     */
    private static boolean installed(KubernetesClient client, String crdName, Class<? extends HasMetadata> type) {
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
            client.resources(type).list(new ListOptionsBuilder().withLimit(1L).build());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }
}
