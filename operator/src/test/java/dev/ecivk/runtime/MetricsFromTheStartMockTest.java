package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.config.RunOptions;
import dev.ecivk.metrics.AllMeters;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.MetricsDocumentationTest;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every meter the README documents is exported from the first scrape, at zero with its known tag values, before any
 * Pod, cloud call, orphan, failed Event or kubelet request happened: alerts on {@code increase()} of an absent series
 * never fire.
 */
class MetricsFromTheStartMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    KubernetesClient client;
    EmbeddedEci eci;
    Controller controller;
    PrometheusMeterRegistry registry;

    @BeforeEach
    void start() {
        eci = EmbeddedEci.start();
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        EciProvider provider = new EciProvider(eci.provider().settings());
        controller = Controller.start(
                RunOptions.parse(
                        "--node-name",
                        "vk-meters",
                        "--node-ip",
                        "10.20.0.1",
                        "--metrics-port",
                        "0",
                        "--kubelet-port",
                        "0"),
                client,
                new Backend(provider, provider, null),
                new ControllerMetrics(registry),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    @Test
    void everyDocumentedFamilyIsThereBeforeItsFirstEvent() throws Exception {
        Map<String, String> exported =
                MetricsDocumentationTest.withoutMaxCompanions(AllMeters.families(registry, "ecivk_"));
        assertThat(exported).containsExactlyInAnyOrderEntriesOf(MetricsDocumentationTest.documentedTable());

        String scrape = registry.scrape();
        assertThat(scrape)
                .contains("ecivk_orphans_collected_total 0.0")
                .contains("ecivk_events_failed_total{reason=\"QueueFull\"} 0.0")
                .contains("ecivk_events_failed_total{reason=\"ProviderCreateFailed\"} 0.0")
                .contains("ecivk_cloud_ratelimiter_wait_seconds_count{action=\"CreateContainerGroup\"} 0")
                .contains("ecivk_cloud_api_calls_total{action=\"DeleteContainerGroup\",code=\"none\","
                        + "outcome=\"throttled\"} 0.0")
                .contains("ecivk_kubelet_api_request_duration_seconds_count{code=\"200\",route=\"/containerLogs\"} 0")
                .contains("ecivk_pod_operations_total{operation=\"create\",outcome=\"capacity\"} 0.0")
                .contains("ecivk_lease_renewal_failures_total{node=\"vk-meters\"} 0.0");
    }
}
