package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.config.RunOptions;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.testing.CapturingAppender;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without the VirtualNode CRD, {@code run --node-name X} serves X from the options, as before the CRDs existed. */
class SingleNodeWithoutCrdMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    KubernetesClient client;

    @Test
    void theNodeIsServedFromTheOptionsAndTheFallbackIsLogged() {
        try (EmbeddedEci eci = EmbeddedEci.start();
                CapturingAppender logs = CapturingAppender.install()) {
            EciProvider provider = new EciProvider(eci.provider().settings());
            try (Controller controller = Controller.start(
                    RunOptions.parse(
                            "--node-name", "vk-plain",
                            "--node-ip", "10.20.0.1",
                            "--metrics-port", "0",
                            "--kubelet-port", "0",
                            "--eci-vswitch-ids", EmbeddedEci.VSWITCH_A),
                    client,
                    new Backend(provider, provider, null),
                    new ControllerMetrics(new SimpleMeterRegistry()),
                    Clock.systemUTC())) {
                assertThat(controller.kubeletPort()).isPositive();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> client.nodes().withName("vk-plain").get() != null);
                assertThat(client.nodes()
                                .withName("vk-plain")
                                .get()
                                .getMetadata()
                                .getLabels())
                        .containsEntry("type", "virtual-kubelet")
                        .doesNotContainKey("ecivk.dev/virtual-node");
                assertThat(logs.lines())
                        .anyMatch(l -> l.contains("The VirtualNode CRD is not installed: serving only node vk-plain"));
                assertThat(controller.served("vk-plain")).isPresent();
            }
        }
    }
}
