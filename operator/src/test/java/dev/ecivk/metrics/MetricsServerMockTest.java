package dev.ecivk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServerMockTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final HealthChecks health = new HealthChecks();
    private PrometheusMeterRegistry registry;
    private MetricsServer server;

    @BeforeEach
    void start() throws IOException {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ControllerMetrics metrics = new ControllerMetrics(registry).bindJvmMetrics();
        metrics.recordCloudCall("DescribeContainerGroups", CallOutcome.SUCCESS, null, Duration.ofMillis(80));
        metrics.registerHealth(health);
        server = MetricsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), registry, health);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
    }

    @Test
    void servesPrometheusTextWithOurAndJvmMeters() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains(
                        "ecivk_cloud_api_calls_total{action=\"DescribeContainerGroups\",code=\"OK\",outcome=\"success\"} 1")
                .contains("ecivk_cloud_api_latency_seconds_bucket{action=\"DescribeContainerGroups\"")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds");
    }

    @Test
    void healthzIsOkWhileTheProcessRuns() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyzNamesTheFailingChecksUntilInformersAndProviderAreUp() throws Exception {
        HttpResponse<String> before = get("/readyz");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body())
                .startsWith("not ready\n")
                .contains("informers_synced: false")
                .contains("provider_reachable: false")
                .contains("leadership: disabled");

        health.markInformersSynced(true);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);

        health.providerReachable(true);
        HttpResponse<String> after = get("/readyz");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).startsWith("ready\n").contains("provider_reachable: true");
        assertThat(get("/metrics").body()).contains("ecivk_health_check{check=\"provider_reachable\"} 1");
    }

    @Test
    void aStandbyReplicaIsReadyAndExportsItIsNotLeading() throws Exception {
        health.leadership(HealthChecks.Leadership.STANDBY);

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("leadership: standby");
        assertThat(get("/metrics").body()).contains("ecivk_leader 0");

        health.leadership(HealthChecks.Leadership.LEADER);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        assertThat(get("/metrics").body()).contains("ecivk_leader 1");
    }

    @Test
    void unknownPathsAre404() throws Exception {
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(10))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
