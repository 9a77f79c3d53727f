package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * References are read through watches: a burst of Pods sharing their ConfigMaps, Secrets and Services costs one list
 * per object (or namespace), not one GET per Pod, and later changes arrive through the watch.
 */
class WatchedClusterReadsMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces("team").build();

    KubernetesClient client;
    KubernetesMockServer server;
    WatchedClusterReads reads;

    @AfterEach
    void stop() {
        if (reads != null) {
            reads.close();
        }
    }

    static Pod pod(int i) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("team")
                .withName("web-" + i)
                .withUid("uid-" + i)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("nginx")
                .addNewEnv()
                .withName("MODE")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("mode", "settings", false)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "credentials", false)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();
    }

    private List<String> requests() throws InterruptedException {
        List<String> lines = new ArrayList<>();
        RecordedRequest r;
        while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
            lines.add(r.getMethod() + " " + r.getPath());
        }
        return lines;
    }

    @Test
    void aBurstOfPodsSharingReferencesCostsOneListPerObject() throws Exception {
        client.configMaps()
                .inNamespace("team")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("settings")
                        .endMetadata()
                        .addToData("mode", "fast")
                        .build())
                .create();
        client.secrets()
                .inNamespace("team")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("credentials")
                        .endMetadata()
                        .addToData("password", "czNjcjN0")
                        .build())
                .create();
        client.services()
                .inNamespace("team")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.96.0.20")
                        .addNewPort()
                        .withPort(5432)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        requests(); // the set-up's own calls
        reads = new WatchedClusterReads(client, Clock.systemUTC());
        RefResolver resolver = new RefResolver(client, reads);

        for (int i = 0; i < 200; i++) {
            RefResolution resolution = resolver.resolve(pod(i));
            assertThat(resolution.complete()).isTrue();
            assertThat(resolution.refs().configMaps()).containsKey("settings");
            assertThat(resolution.refs().services())
                    .extracting(s -> s.getMetadata().getName())
                    .contains("db");
        }

        List<String> calls = requests();
        assertThat(calls)
                .as("no GET per Pod: one list (and watch) per ConfigMap, Secret and namespace")
                .noneMatch(c -> c.startsWith("GET /api/v1/namespaces/team/configmaps/settings"))
                .noneMatch(c -> c.startsWith("GET /api/v1/namespaces/team/secrets/credentials"));
        assertThat(calls.stream().filter(c -> c.contains("/configmaps")).count())
                .isLessThanOrEqualTo(2);
        assertThat(calls.stream().filter(c -> c.contains("/secrets")).count()).isLessThanOrEqualTo(2);
        assertThat(calls.stream()
                        .filter(c -> c.contains("/namespaces/team/services"))
                        .count())
                .isLessThanOrEqualTo(2);
        assertThat(reads.watchCounts())
                .containsEntry("configmaps", 1)
                .containsEntry("secrets", 1)
                .containsEntry("services", 2); // "team", and "default" for the kubernetes Service
    }

    @Test
    void aReferenceCreatedLaterArrivesThroughTheWatch() {
        reads = new WatchedClusterReads(client, Clock.systemUTC());
        assertThat(reads.configMap("team", "late")).isNull();

        client.configMaps()
                .inNamespace("team")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("late")
                        .endMetadata()
                        .addToData("k", "v1")
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(reads.configMap("team", "late")).isNotNull());

        client.configMaps().inNamespace("team").withName("late").edit(cm -> {
            cm.setData(Map.of("k", "v2"));
            return cm;
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(reads.configMap("team", "late").getData()).containsEntry("k", "v2"));
    }

    @Test
    void idleWatchesAreStopped() {
        MovableClock clock = new MovableClock();
        reads = new WatchedClusterReads(client, clock);
        reads.configMap("team", "a");
        reads.secret("team", "b");
        assertThat(reads.watchCounts()).containsEntry("configmaps", 1).containsEntry("secrets", 1);

        clock.now = clock.now.plus(WatchedClusterReads.IDLE).plusSeconds(1);
        reads.configMap("team", "a"); // still used
        reads.expire();

        assertThat(reads.watchCounts()).containsEntry("configmaps", 1).containsEntry("secrets", 0);
    }

    static final class MovableClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
