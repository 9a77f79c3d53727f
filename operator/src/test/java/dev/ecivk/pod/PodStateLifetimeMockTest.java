package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No per-Pod state outlives its Pod: Pods that ran (status patched, group priced) and were deleted leave nothing
 * remembered, as the {@code ecivk_pods_remembered} gauge shows.
 */
class PodStateLifetimeMockTest {
    private static final String NODE = "vk-state";
    private static final int PODS = 6;

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    KubernetesClient client;
    VirtualKubelet vk;

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    @Test
    void podsThatRanAndWereDeletedLeaveNothingRemembered() throws Exception {
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.10.0.9",
                "--kubelet-port",
                "0",
                "--metrics-port",
                "0",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "100ms");
        for (int i = 0; i < PODS; i++) {
            client.pods()
                    .inNamespace("default")
                    .resource(Pods.bound("default", "kept-" + i, NODE).build())
                    .create();
        }
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(
                                client.pods().inNamespace("default").list().getItems())
                        .hasSize(PODS)
                        .allSatisfy(p -> assertThat(p.getStatus().getPhase()).isEqualTo("Running")));
        // the reconciler remembers the Pods it wrote the status of, never more than the node has
        await().atMost(Duration.ofSeconds(10)).until(() -> remembered() == PODS);

        client.pods().inNamespace("default").delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        client.pods().inNamespace("default").list().getItems().isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> remembered() == 0);
    }

    private double remembered() throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vk.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith("ecivk_pods_remembered "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no ecivk_pods_remembered in the metrics"));
    }
}
