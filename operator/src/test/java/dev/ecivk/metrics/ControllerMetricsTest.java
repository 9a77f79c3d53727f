package dev.ecivk.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ControllerMetricsTest {
    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ControllerMetrics metrics = new ControllerMetrics(registry);

    @Test
    void cloudCallsAreCountedByActionOutcomeAndCode() {
        metrics.recordCloudCall("CreateContainerGroup", CallOutcome.SUCCESS, null, Duration.ofMillis(100));
        metrics.recordCloudCall(
                "CreateContainerGroup", CallOutcome.THROTTLED, "Throttling.User", Duration.ofMillis(10));
        metrics.recordCloudCall(
                "CreateContainerGroup", CallOutcome.THROTTLED, "Throttling.User", Duration.ofMillis(10));

        assertThat(registry.get(Meters.CLOUD_API_CALLS)
                        .tags("action", "CreateContainerGroup", "outcome", "throttled", "code", "Throttling.User")
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(registry.get(Meters.CLOUD_API_CALLS)
                        .tags("outcome", "success", "code", "OK")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(Meters.CLOUD_API_LATENCY)
                        .tags("outcome", "success")
                        .timer()
                        .totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(100);
    }

    @Test
    void freeTextCannotBlowUpTagValues() {
        String longCode = "Some error code with spaces and \"quotes\" " + "x".repeat(200);

        metrics.recordCloudCall("DescribeContainerGroups", CallOutcome.PERMANENT, longCode, Duration.ZERO);

        String code = registry.get(Meters.CLOUD_API_CALLS).counter().getId().getTag("code");
        assertThat(code).hasSizeLessThanOrEqualTo(64).doesNotContain(" ", "\"");
    }

    @Test
    void podsByPhaseFollowTheSupplierAndReportMissingPhasesAsZero() {
        Map<String, Long> counts = new HashMap<>(Map.of("Running", 2L));
        metrics.registerPodsByPhase("vk-1", () -> counts);

        assertThat(registry.get(Meters.PODS)
                        .tags("node", "vk-1", "phase", "Running")
                        .gauge()
                        .value())
                .isEqualTo(2);
        assertThat(registry.get(Meters.PODS).tags("phase", "Pending").gauge().value())
                .isZero();

        counts.put("Pending", 5L);
        assertThat(registry.get(Meters.PODS).tags("phase", "Pending").gauge().value())
                .isEqualTo(5);
    }

    @Test
    void leaseRenewalsTrackFailuresAndTheLastSuccess() {
        clock.add(Duration.ofSeconds(1_000));
        metrics.leaseRenewal("vk-1", Duration.ofMillis(20), true);
        clock.add(Duration.ofSeconds(10));
        metrics.leaseRenewal("vk-1", Duration.ofMillis(20), false);

        assertThat(registry.get(Meters.LEASE_RENEWAL_FAILURES)
                        .tags("node", "vk-1")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(Meters.LEASE_LAST_RENEWAL)
                        .tags("node", "vk-1")
                        .gauge()
                        .value())
                .isEqualTo(clock.wallTime() / 1000.0 - 10);
    }

    @Test
    void podOperationsCountSuccessesAndFailureClasses() {
        metrics.podOperationSucceeded(PodOperation.CREATE);
        metrics.podOperationFailed(PodOperation.CREATE, CallOutcome.of(dev.ecivk.provider.FailureClass.CAPACITY));
        metrics.podCreateRejected();
        metrics.podOperationFailed(PodOperation.DELETE, CallOutcome.NOT_FOUND);

        assertThat(registry.get(Meters.POD_OPERATIONS)
                        .tags("operation", "create")
                        .counters())
                .hasSize(3);
        assertThat(registry.get(Meters.POD_OPERATIONS)
                        .tags("operation", "delete", "outcome", "not_found")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void statusSyncRecordsDurationAndDescribeCalls() {
        metrics.statusSync(Duration.ofMillis(250), 3);
        metrics.statusSync(Duration.ofMillis(250), 0);

        assertThat(registry.get(Meters.STATUS_SYNC_DESCRIBE_CALLS).summary().totalAmount())
                .isEqualTo(3);
        assertThat(registry.get(Meters.STATUS_SYNC_DURATION).timer().count()).isEqualTo(2);
    }

    @Test
    void josdkMetricsShareTheRegistry() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ControllerMetrics onPrometheus = new ControllerMetrics(prometheus);

        onPrometheus.josdkMetrics().monitorSizeOf(new HashMap<>(Map.of("a", 1, "b", 2)), "cache");

        assertThat(prometheus.scrape()).contains("operator_sdk_cache_size 2");
    }
}
