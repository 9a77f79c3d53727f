package dev.ecivk.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Prometheus registry on which every {@link ControllerMetrics} method has been called once. */
public final class AllMeters {
    private static final Pattern TYPE_LINE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);

    private AllMeters() {}

    static PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ControllerMetrics metrics = new ControllerMetrics(registry);
        metrics.recordCloudCall("CreateContainerGroup", CallOutcome.SUCCESS, null, Duration.ofMillis(120));
        metrics.recordCloudCall(
                "CreateContainerGroup", CallOutcome.THROTTLED, "Throttling.User", Duration.ofMillis(30));
        metrics.recordThrottleWait("CreateContainerGroup", Duration.ofMillis(50));
        metrics.registerPodsByPhase("vk-1", () -> Map.of("Running", 3L, "Pending", 1L));
        metrics.podStartLatency(PodStartStage.CONTAINER_GROUP, Duration.ofSeconds(2));
        metrics.podStartLatency(PodStartStage.RUNNING, Duration.ofSeconds(20));
        metrics.podOperationSucceeded(PodOperation.CREATE);
        metrics.podOperationFailed(PodOperation.CREATE, CallOutcome.CAPACITY);
        metrics.podOperationFailed(PodOperation.DELETE, CallOutcome.TRANSIENT);
        metrics.podCreateRejected();
        metrics.statusSync(Duration.ofMillis(300), 2);
        metrics.registerQueueDepth("pods", () -> 4);
        metrics.registerPodsRemembered(() -> 3);
        metrics.orphansCollected(1);
        metrics.registerRefWatches(java.util.List.of("configmaps"), () -> Map.of("configmaps", 2));
        metrics.leaseRenewal("vk-1", Duration.ofMillis(15), true);
        metrics.leaseRenewal("vk-1", Duration.ofMillis(15), false);
        metrics.leaseRenewal(Duration.ofMillis(15), true);
        metrics.kubeletRequest("/containerLogs/{namespace}/{pod}/{container}", 200, Duration.ofMillis(40));
        metrics.registerHealth(new HealthChecks());
        metrics.eventRecorded("ProviderCreateSuccess", "Normal");
        metrics.eventFailed("ProviderCreateFailed");
        metrics.cloud().accountCpu(40, 100);
        metrics.cloud().allocatableCpu("vk-1", 60);
        metrics.cloud().zoneAvoided("cn-hangzhou-b");
        metrics.cloud().podCosts("vk-1", java.util.List.of(new CloudMetrics.Cost("default", "spot", "CNY", 0.5, 0.3)));
        return registry;
    }

    /** Family name → Prometheus type, from the {@code # TYPE} lines of a scrape, for names starting with {@code prefix}. */
    public static Map<String, String> families(PrometheusMeterRegistry registry, String prefix) {
        Map<String, String> families = new java.util.TreeMap<>();
        Matcher m = TYPE_LINE.matcher(registry.scrape());
        while (m.find()) {
            if (m.group(1).startsWith(prefix)) {
                families.put(m.group(1), m.group(2));
            }
        }
        return families;
    }

    /** Every sample name a query may use: the families and their {@code _bucket}/{@code _count}/… series. */
    static Set<String> sampleNames(PrometheusMeterRegistry registry) {
        Set<String> names = new TreeSet<>();
        for (String line : registry.scrape().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add(end < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, end));
            }
        }
        return names;
    }
}
