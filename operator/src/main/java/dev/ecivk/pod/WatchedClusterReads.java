package dev.ecivk.pod;

import dev.ecivk.kube.WatchedObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@link ClusterReads} from watches (beyond the bounds, a list by name: the same verbs, list and watch, either way),
 * shared by every node of the process: a ConfigMap or Secret is watched by name
 * (the kubelet's "watch" change-detection strategy), a namespace's Services as a whole, from the first Pod that
 * references them until none did for {@link #IDLE}. A burst of Pods that share their ConfigMaps and Secrets costs
 * one list per object instead of one GET per Pod, and memory holds only the objects recent Pods referenced.
 */
public final class WatchedClusterReads implements ClusterReads, AutoCloseable {
    /** How long a watch lives after its last read. */
    public static final Duration IDLE = Duration.ofMinutes(10);
    /** Watches of single ConfigMaps or Secrets running at once; beyond, reads are GETs. */
    public static final int MAX_OBJECT_WATCHES = 2_000;
    /** Namespaces whose Services are watched at once; beyond, reads are LISTs. */
    public static final int MAX_NAMESPACE_WATCHES = 500;

    record Key(String namespace, String name) {
        @Override
        public String toString() {
            return namespace + "/" + name;
        }
    }

    private final WatchedObjects<Key, ConfigMap> configMaps;
    private final WatchedObjects<Key, Secret> secrets;
    private final WatchedObjects<String, Service> services;
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ecivk-ref-watches");
        t.setDaemon(true);
        return t;
    });

    public WatchedClusterReads(KubernetesClient client, Clock clock) {
        configMaps = new WatchedObjects<>(
                "configmaps",
                k -> client.configMaps()
                        .inNamespace(k.namespace())
                        .withName(k.name())
                        .runnableInformer(0),
                k -> client.configMaps()
                        .inNamespace(k.namespace())
                        .withField("metadata.name", k.name())
                        .list()
                        .getItems(),
                IDLE,
                MAX_OBJECT_WATCHES,
                clock);
        secrets = new WatchedObjects<>(
                "secrets",
                k -> client.secrets()
                        .inNamespace(k.namespace())
                        .withName(k.name())
                        .runnableInformer(0),
                k -> client.secrets()
                        .inNamespace(k.namespace())
                        .withField("metadata.name", k.name())
                        .list()
                        .getItems(),
                IDLE,
                MAX_OBJECT_WATCHES,
                clock);
        services = new WatchedObjects<>(
                "services",
                ns -> client.services().inNamespace(ns).runnableInformer(0),
                ns -> client.services().inNamespace(ns).list().getItems(),
                IDLE,
                MAX_NAMESPACE_WATCHES,
                clock);
        janitor.scheduleWithFixedDelay(this::expire, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public ConfigMap configMap(String namespace, String name) {
        return configMaps.read(new Key(namespace, name)).stream().findFirst().orElse(null);
    }

    @Override
    public Secret secret(String namespace, String name) {
        return secrets.read(new Key(namespace, name)).stream().findFirst().orElse(null);
    }

    @Override
    public List<Service> services(String namespace) {
        return services.read(namespace);
    }

    /** Stops the watches nobody needed for {@link #IDLE}. */
    void expire() {
        configMaps.expire();
        secrets.expire();
        services.expire();
    }

    /** Watches running now, by kind (for the cache-size gauge). */
    public Map<String, Integer> watchCounts() {
        return Map.of(
                configMaps.kind(), configMaps.size(), secrets.kind(), secrets.size(), services.kind(), services.size());
    }

    @Override
    public void close() {
        janitor.shutdownNow();
        configMaps.close();
        secrets.close();
        services.close();
    }
}
