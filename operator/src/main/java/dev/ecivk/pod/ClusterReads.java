package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The objects a Pod references, as {@link RefResolver} reads them. {@link WatchedClusterReads} answers from watches
 * (one list per object or namespace however many Pods reference it); {@link #direct} reads the apiserver each time.
 * A read that fails throws the client's exception.
 */
public interface ClusterReads {

    /** The ConfigMap, or null when it does not exist. */
    ConfigMap configMap(String namespace, String name);

    /** The Secret, or null when it does not exist. */
    Secret secret(String namespace, String name);

    /** The namespace's Services (for service-link variables). */
    List<Service> services(String namespace);

    /** One GET or LIST per read. */
    static ClusterReads direct(KubernetesClient client) {
        return new ClusterReads() {
            @Override
            public ConfigMap configMap(String namespace, String name) {
                return client.configMaps().inNamespace(namespace).withName(name).get();
            }

            @Override
            public Secret secret(String namespace, String name) {
                return client.secrets().inNamespace(namespace).withName(name).get();
            }

            @Override
            public List<Service> services(String namespace) {
                return client.services().inNamespace(namespace).list().getItems();
            }
        };
    }
}
