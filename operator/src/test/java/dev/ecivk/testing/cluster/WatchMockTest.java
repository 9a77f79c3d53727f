package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's list and watch: informers, watches resumed from a resourceVersion, and 410 Gone when too old. */
class WatchMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder().watchHistory(5).build();

    private static ConfigMap configMap(String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .addToData("k", value)
                .build();
    }

    @Test
    void anInformerSeesAddsUpdatesAndDeletes() {
        KubernetesClient client = cluster.client();
        client.configMaps().resource(configMap("before", "1")).create();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (SharedIndexInformer<ConfigMap> informer = client.configMaps().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                seen.add("add " + cm.getMetadata().getName());
            }

            @Override
            public void onUpdate(ConfigMap old, ConfigMap cm) {
                seen.add("update " + cm.getMetadata().getName() + "="
                        + cm.getData().get("k"));
            }

            @Override
            public void onDelete(ConfigMap cm, boolean unknown) {
                seen.add("delete " + cm.getMetadata().getName());
            }
        })) {
            client.configMaps().resource(configMap("after", "1")).create();
            client.configMaps().withName("after").edit(cm -> configMap("after", "2"));
            client.configMaps().withName("before").delete();

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(seen)
                            .containsSubsequence("add before", "add after", "update after=2", "delete before"));
        }
    }

    @Test
    void overHttpsTooTheClientReadsAndWatches() {
        try (RealisticCluster secure =
                RealisticCluster.builder().https(true).build().start()) {
            assertThat(secure.url()).startsWith("https://");
            KubernetesClient client = secure.client();
            List<String> names = new CopyOnWriteArrayList<>();
            try (var watch = client.configMaps().watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, ConfigMap cm) {
                    names.add(action + " " + cm.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {}
            })) {
                client.configMaps().resource(configMap("tls", "1")).create();
                await().atMost(Duration.ofSeconds(10)).until(() -> names.contains("ADDED tls"));
            }
        }
    }

    @Test
    void aWatchResumesAfterItsResourceVersionAndAnExpiredOneIsGone() {
        KubernetesClient client = cluster.client();
        String from = client.configMaps()
                .resource(configMap("w", "0"))
                .create()
                .getMetadata()
                .getResourceVersion();
        client.configMaps().withName("w").edit(cm -> configMap("w", "1"));
        List<String> events = new CopyOnWriteArrayList<>();
        List<Integer> errors = new CopyOnWriteArrayList<>();
        Watcher<ConfigMap> recorder = new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap cm) {
                events.add(action + " " + cm.getData().get("k"));
            }

            @Override
            public void onClose(WatcherException cause) {
                errors.add(cause.asClientException().getCode());
            }
        };
        try (var watch =
                client.configMaps().withName("w").withResourceVersion(from).watch(recorder)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("MODIFIED 1"));
            assertThat(events).doesNotContain("ADDED 0");
        }
        for (int i = 2; i < 10; i++) {
            String value = String.valueOf(i);
            client.configMaps().withName("w").edit(cm -> configMap("w", value));
        }
        try (var expired =
                client.configMaps().withName("w").withResourceVersion(from).watch(recorder)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> errors.contains(410));
        }
    }
}
