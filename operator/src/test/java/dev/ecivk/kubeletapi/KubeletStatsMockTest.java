package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.model.GroupMetrics;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /stats/summary}, {@code /metrics/resource}, {@code /pods}, {@code /runningpods/} and {@code /healthz}. */
class KubeletStatsMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private KubeletFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = KubeletFixture.anonymous();
        fixture.pods.add(KubeletFixture.pod("shop", "web", "eci-web", "nginx", "sidecar", "logger"));
        fixture.pods.add(KubeletFixture.pod("shop", "api", "eci-api", "main"));
        Pod pending = KubeletFixture.pod("shop", "queued", "x", "main");
        pending.getMetadata().getAnnotations().clear();
        fixture.pods.add(pending);
        fixture.access.putMetrics(webSample(Instant.parse("2026-11-22T09:59:55Z")));
        fixture.access.putMetrics(apiSample(KubeletFixture.START, 200_000_000L));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static GroupMetrics webSample(Instant time) {
        return new GroupMetrics(
                "eci-web",
                time,
                null,
                null,
                List.of(
                        container("nginx", 100_000_000L, 5_000_000_000L, 50L << 20),
                        container("sidecar", 20_000_000L, 1_000_000_000L, 10L << 20),
                        container("logger", 5_000_000L, 250_000_000L, 5L << 20)));
    }

    private static GroupMetrics.ContainerMetrics container(
            String name, long nanoCores, long coreNanos, long workingSet) {
        return new GroupMetrics.ContainerMetrics(
                name,
                new GroupMetrics.Cpu(nanoCores, coreNanos, null, null),
                new GroupMetrics.Memory(1L << 30, workingSet + 1024, 0L, workingSet, workingSet - 1024));
    }

    /** A provider that reports only the CPU rate, at group level. */
    private static GroupMetrics apiSample(Instant time, long nanoCores) {
        return new GroupMetrics(
                "eci-api",
                time,
                new GroupMetrics.Cpu(nanoCores, null, null, null),
                new GroupMetrics.Memory(null, 80L << 20, null, 64L << 20, null),
                List.of(new GroupMetrics.ContainerMetrics(
                        "main",
                        new GroupMetrics.Cpu(nanoCores, null, null, null),
                        new GroupMetrics.Memory(null, 80L << 20, null, 64L << 20, null))));
    }

    @Test
    void summaryHasTheNodeEachPodAndEachContainer() throws Exception {
        JsonNode summary = JSON.readTree(fixture.get("/stats/summary").body());
        assertThat(summary.path("node").path("nodeName").asText()).isEqualTo(KubeletFixture.NODE);
        assertThat(summary.path("node").path("startTime").asText()).isEqualTo(KubeletFixture.START.toString());
        assertThat(summary.path("node").path("cpu").path("usageNanoCores").asLong())
                .isEqualTo(100_000_000L + 20_000_000L + 5_000_000L + 200_000_000L);
        assertThat(summary.path("node").path("memory").path("workingSetBytes").asLong())
                .isEqualTo((50L << 20) + (10L << 20) + (5L << 20) + (64L << 20));
        assertThat(summary.path("pods")).hasSize(2);
        JsonNode web = summary.path("pods").get(0);
        assertThat(web.path("podRef").path("name").asText()).isEqualTo("web");
        assertThat(web.path("podRef").path("namespace").asText()).isEqualTo("shop");
        assertThat(web.path("podRef").path("uid").asText()).isEqualTo("uid-web");
        assertThat(web.path("containers"))
                .extracting(c -> c.path("name").asText())
                .containsExactly("nginx", "sidecar", "logger");
        JsonNode nginx = web.path("containers").get(0);
        assertThat(nginx.path("startTime").asText())
                .isEqualTo(KubeletFixture.START.plusSeconds(1).toString());
        assertThat(nginx.path("cpu").path("usageNanoCores").asLong()).isEqualTo(100_000_000L);
        assertThat(nginx.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(5_000_000_000L);
        assertThat(nginx.path("cpu").path("time").asText()).isEqualTo("2026-11-22T09:59:55Z");
        assertThat(nginx.path("memory").path("workingSetBytes").asLong()).isEqualTo(50L << 20);
        assertThat(nginx.path("memory").path("availableBytes").asLong()).isEqualTo(1L << 30);
        assertThat(nginx.path("memory").path("rssBytes").asLong()).isEqualTo((50L << 20) - 1024);
        // the pod level is the sum of its containers when the provider gives none
        assertThat(web.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(6_250_000_000L);
        assertThat(web.path("memory").path("workingSetBytes").asLong()).isEqualTo(65L << 20);
    }

    @Test
    void resourceMetricsParseAsPrometheusTextWithTimestamps() throws Exception {
        var response = fixture.get("/metrics/resource");
        assertThat(response.headers().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        List<PrometheusText.Sample> samples = PrometheusText.parse(response.body());
        assertThat(samples)
                .filteredOn(s -> s.name().equals("container_cpu_usage_seconds_total"))
                .extracting(s -> s.labels().get("container"))
                .containsExactlyInAnyOrder("nginx", "sidecar", "logger", "main");
        PrometheusText.Sample nginxCpu = samples.stream()
                .filter(s -> s.name().equals("container_cpu_usage_seconds_total")
                        && s.labels().equals(Map.of("container", "nginx", "namespace", "shop", "pod", "web")))
                .findFirst()
                .orElseThrow();
        assertThat(nginxCpu.value()).isEqualTo(5.0);
        assertThat(nginxCpu.timestampMillis())
                .isEqualTo(Instant.parse("2026-11-22T09:59:55Z").toEpochMilli());
        assertThat(samples)
                .filteredOn(s -> s.name().equals("pod_cpu_usage_seconds_total"))
                .extracting(PrometheusText.Sample::labels)
                .contains(Map.of("namespace", "shop", "pod", "web"), Map.of("namespace", "shop", "pod", "api"));
        assertThat(samples)
                .extracting(PrometheusText.Sample::name)
                .contains(
                        "node_cpu_usage_seconds_total",
                        "node_memory_working_set_bytes",
                        "pod_memory_working_set_bytes",
                        "container_memory_working_set_bytes",
                        "container_start_time_seconds",
                        "scrape_error");
        assertThat(samples)
                .filteredOn(s -> !s.name().equals("scrape_error"))
                .allSatisfy(s -> assertThat(s.timestampMillis()).isNotNull());
        assertThat(samples)
                .filteredOn(s -> s.name().equals("scrape_error"))
                .singleElement()
                .extracting(PrometheusText.Sample::value)
                .isEqualTo(0.0);
        assertThat(samples)
                .filteredOn(s -> s.name().equals("container_start_time_seconds")
                        && "nginx".equals(s.labels().get("container")))
                .singleElement()
                .extracting(PrometheusText.Sample::value)
                .isEqualTo((double) KubeletFixture.START.plusSeconds(1).getEpochSecond());
    }

    @Test
    void cachesProviderMetricsAndIntegratesCpuWhenOnlyTheRateIsKnown() throws Exception {
        fixture.get("/stats/summary");
        fixture.get("/metrics/resource");
        assertThat(fixture.access.metricsCalls.get()).isEqualTo(1);

        fixture.clock.advance(Duration.ofSeconds(20));
        fixture.access.putMetrics(apiSample(KubeletFixture.START.plusSeconds(20), 400_000_000L));
        JsonNode summary = JSON.readTree(fixture.get("/stats/summary").body());
        assertThat(fixture.access.metricsCalls.get()).isEqualTo(2);
        JsonNode api = summary.path("pods").get(1);
        assertThat(api.path("podRef").path("name").asText()).isEqualTo("api");
        // 20 s at an average of 0.3 cores = 6 core-seconds
        assertThat(api.path("cpu").path("usageCoreNanoSeconds").asLong()).isEqualTo(6_000_000_000L);
        assertThat(api.path("containers")
                        .get(0)
                        .path("cpu")
                        .path("usageCoreNanoSeconds")
                        .asLong())
                .isEqualTo(6_000_000_000L);
    }

    @Test
    void providerFailureShowsAsScrapeError() throws Exception {
        fixture.access.failMetrics = true;
        List<PrometheusText.Sample> samples =
                PrometheusText.parse(fixture.get("/metrics/resource").body());
        assertThat(samples)
                .filteredOn(s -> s.name().equals("scrape_error"))
                .singleElement()
                .extracting(PrometheusText.Sample::value)
                .isEqualTo(1.0);
        assertThat(samples).noneMatch(s -> s.name().startsWith("pod_"));
    }

    @Test
    void listsPodsRunningPodsAndHealth() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        PodList all = serialization.unmarshal(fixture.get("/pods").body(), PodList.class);
        assertThat(all.getItems()).extracting(p -> p.getMetadata().getName()).containsExactly("web", "api", "queued");
        assertThat(all.getItems().get(0).getSpec().getNodeName()).isEqualTo(KubeletFixture.NODE);
        PodList running = serialization.unmarshal(fixture.get("/runningpods/").body(), PodList.class);
        assertThat(running.getItems()).extracting(p -> p.getMetadata().getUid()).containsExactly("uid-web", "uid-api");
        assertThat(running.getItems().get(0).getSpec().getContainers())
                .extracting(c -> c.getName())
                .containsExactly("nginx", "sidecar", "logger");
        var health = fixture.get("/healthz");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok");
        assertThat(fixture.get("/nothing/here").statusCode()).isEqualTo(404);
    }
}
