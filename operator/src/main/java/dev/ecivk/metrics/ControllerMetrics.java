package dev.ecivk.metrics;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The controller's meters behind typed methods, so callers never spell a meter name or tag. Names live in
 * {@link Meters}. Every method is cheap and thread-safe; free-text tag values (error codes, routes) are cut and
 * cleaned so a surprise value cannot explode the series count. Over 400 lines on purpose: every meter family of the
 * controller is built in one place, so that names, tags and zero-registration stay consistent.
 */
public final class ControllerMetrics implements AutoCloseable {

    /** The phases a Pod can be in; the gauge exports each one, zero when absent, so series never vanish. */
    public static final List<String> POD_PHASES = List.of("Pending", "Running", "Succeeded", "Failed", "Unknown");

    private static final Pattern UNSAFE_TAG_CHARS = Pattern.compile("[^A-Za-z0-9._/{}-]");
    private static final int MAX_TAG_LENGTH = 64;

    private final MeterRegistry registry;
    private final CloudMetrics cloud;
    private final Map<String, AtomicLong> lastLeaseRenewalMillis = new ConcurrentHashMap<>();
    private JvmGcMetrics gcMetrics;
    private Timer statusSyncTimer;
    private DistributionSummary describeCallsSummary;

    public ControllerMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.cloud = new CloudMetrics(registry);
    }

    /** The account's quota, allocatable cpu, zones avoided, Pod costs (their own class: {@link CloudMetrics}). */
    public CloudMetrics cloud() {
        return cloud;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Binds the JVM and process meters (memory, GC, threads, CPU, class loading, uptime). */
    public synchronized ControllerMetrics bindJvmMetrics() {
        if (gcMetrics == null) {
            new JvmMemoryMetrics().bindTo(registry);
            gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
        }
        return this;
    }

    /**
     * JOSDK's reconciliation meters on the same registry, for {@code ConfigurationServiceOverrider.withMetrics}.
     * Without per-resource meters: those would be tagged with every Pod's name.
     */
    public Metrics josdkMetrics() {
        return MicrometerMetrics.withoutPerResourceMetrics(registry);
    }

    // --- cloud API ---------------------------------------------------------------------------------------------

    /**
     * One cloud API call as it ended.
     *
     * @param action the API action, e.g. {@code CreateContainerGroup}
     * @param code the cloud error code, or {@code null} on success
     */
    public void recordCloudCall(String action, CallOutcome outcome, String code, Duration latency) {
        String actionTag = tagValue(action);
        Counter.builder(Meters.CLOUD_API_CALLS)
                .description("Cloud API calls by action, outcome and error code")
                .tag(Meters.TAG_ACTION, actionTag)
                .tag(Meters.TAG_OUTCOME, outcome.tag())
                .tag(Meters.TAG_CODE, code == null || code.isBlank() ? "OK" : tagValue(code))
                .register(registry)
                .increment();
        cloudLatency(actionTag, outcome).record(latency);
    }

    private Timer cloudLatency(String actionTag, CallOutcome outcome) {
        return Timer.builder(Meters.CLOUD_API_LATENCY)
                .description("Cloud API call latency by action and outcome")
                .tag(Meters.TAG_ACTION, actionTag)
                .tag(Meters.TAG_OUTCOME, outcome.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    /** Time a call waited for the client-side rate limiter of its action before it was sent. */
    public void recordThrottleWait(String action, Duration wait) {
        throttleWait(tagValue(action)).record(wait);
    }

    private Timer throttleWait(String actionTag) {
        return Timer.builder(Meters.CLOUD_RATELIMITER_WAIT)
                .description("Time cloud calls waited for the client-side rate limiter")
                .tag(Meters.TAG_ACTION, actionTag)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }

    // --- Pods --------------------------------------------------------------------------------------------------

    /**
     * Exports the Pods of {@code node} by phase, read from {@code countsByPhase} at each scrape. The supplier must
     * be cheap (read a cache); phases it omits are exported as 0. Registering a node twice keeps the first supplier.
     */
    public void registerPodsByPhase(String node, Supplier<? extends Map<String, ? extends Number>> countsByPhase) {
        for (String phase : POD_PHASES) {
            Gauge.builder(Meters.PODS, () -> countOf(countsByPhase, phase))
                    .description("Pods on the virtual node by phase")
                    .tag(Meters.TAG_NODE, tagValue(node))
                    .tag(Meters.TAG_PHASE, phase)
                    .strongReference(true)
                    .register(registry);
        }
    }

    private static double countOf(Supplier<? extends Map<String, ? extends Number>> counts, String phase) {
        Map<String, ? extends Number> byPhase = counts.get();
        Number n = byPhase == null ? null : byPhase.get(phase);
        return n == null ? 0 : n.doubleValue();
    }

    /** Time from the Pod's binding to the virtual node until {@code stage}. */
    public void podStartLatency(PodStartStage stage, Duration sinceBound) {
        startLatency(stage).record(sinceBound.isNegative() ? Duration.ZERO : sinceBound);
    }

    private Timer startLatency(PodStartStage stage) {
        return Timer.builder(Meters.POD_START_LATENCY)
                .description("Pod start latency from binding to the node until the stage")
                .tag(Meters.TAG_STAGE, stage.tag())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry);
    }

    /** A Pod's container group was created, or deleted, successfully. */
    public void podOperationSucceeded(PodOperation operation) {
        podOperationCounter(operation, "success").increment();
    }

    /** A Pod's create or delete failed with a classified provider failure. */
    public void podOperationFailed(PodOperation operation, CallOutcome failure) {
        podOperationCounter(operation, failure.tag()).increment();
    }

    /** A Pod was refused before any cloud call (unsupported spec, missing mandatory reference). */
    public void podCreateRejected() {
        podOperationCounter(PodOperation.CREATE, "rejected").increment();
    }

    private Counter podOperationCounter(PodOperation operation, String outcome) {
        return Counter.builder(Meters.POD_OPERATIONS)
                .description("Pod create/delete operations by outcome (success or failure class)")
                .tag(Meters.TAG_OPERATION, operation.tag())
                .tag(Meters.TAG_OUTCOME, outcome)
                .register(registry);
    }

    // --- status sync, queues, GC -------------------------------------------------------------------------------

    /** One status sync round: its duration and how many describe calls it took. */
    public void statusSync(Duration duration, int describeCalls) {
        statusSyncMeters();
        statusSyncTimer.record(duration);
        describeCallsSummary.record(describeCalls);
    }

    private synchronized void statusSyncMeters() {
        if (statusSyncTimer == null) {
            statusSyncTimer = Timer.builder(Meters.STATUS_SYNC_DURATION)
                    .description("Duration of one status sync round")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(10))
                    .maximumExpectedValue(Duration.ofMinutes(2))
                    .register(registry);
            describeCallsSummary = DistributionSummary.builder(Meters.STATUS_SYNC_DESCRIBE_CALLS)
                    .description("Describe calls per status sync round")
                    .serviceLevelObjectives(1, 2, 5, 10, 20, 50, 100, 200)
                    .register(registry);
        }
    }

    /** Exports the depth of a work queue, read at each scrape. */
    public void registerQueueDepth(String queue, Supplier<? extends Number> depth) {
        Gauge.builder(Meters.WORKQUEUE_DEPTH, () -> {
                    Number n = depth.get();
                    return n == null ? 0 : n.doubleValue();
                })
                .description("Items waiting in a work queue")
                .tag(Meters.TAG_QUEUE, tagValue(queue))
                .strongReference(true)
                .register(registry);
    }

    /** Exports how many Pods the reconcilers keep state about, read at each scrape. */
    public void registerPodsRemembered(Supplier<? extends Number> pods) {
        Gauge.builder(Meters.PODS_REMEMBERED, () -> {
                    Number n = pods.get();
                    return n == null ? 0 : n.doubleValue();
                })
                .description("Pods the reconcilers keep state about between reconciles")
                .strongReference(true)
                .register(registry);
    }

    /**
     * Exports how many watches of referenced objects run, per kind, read at each scrape.
     *
     * @param kinds the kinds to export (each at zero until it has watches)
     */
    public void registerRefWatches(Collection<String> kinds, Supplier<? extends Map<String, ? extends Number>> counts) {
        for (String kind : kinds) {
            Gauge.builder(Meters.REF_WATCHES, () -> {
                        Number n = counts.get().get(kind);
                        return n == null ? 0 : n.doubleValue();
                    })
                    .description("Watches of objects Pods reference (ConfigMaps, Secrets, namespaces' Services)")
                    .tag(Meters.TAG_KIND, tagValue(kind))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** Orphaned container groups the garbage collector deleted. */
    public void orphansCollected(int count) {
        if (count > 0) {
            orphansCounter().increment(count);
        }
    }

    private Counter orphansCounter() {
        return Counter.builder(Meters.ORPHANS_COLLECTED)
                .description("Orphaned container groups deleted by the garbage collector")
                .register(registry);
    }

    // --- node Lease ----------------------------------------------------------------------------------------------

    /** One Lease renewal attempt of the (only) virtual node. */
    public void leaseRenewal(Duration latency, boolean ok) {
        leaseRenewal("", latency, ok);
    }

    /** One Lease renewal attempt of {@code node}. */
    public void leaseRenewal(String node, Duration latency, boolean ok) {
        String nodeTag = node == null ? "" : tagValue(node);
        leaseTimer(nodeTag, ok).record(latency);
        Counter failures = leaseFailures(nodeTag);
        AtomicLong last = lastRenewal(nodeTag);
        if (ok) {
            last.set(registry.config().clock().wallTime());
        } else {
            failures.increment();
        }
    }

    private Timer leaseTimer(String nodeTag, boolean ok) {
        return Timer.builder(Meters.LEASE_RENEWAL_LATENCY)
                .description("Node Lease renewal latency")
                .tag(Meters.TAG_NODE, nodeTag)
                .tag(Meters.TAG_OUTCOME, ok ? "success" : "failure")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(5))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }

    private Counter leaseFailures(String nodeTag) {
        return Counter.builder(Meters.LEASE_RENEWAL_FAILURES)
                .description("Failed node Lease renewals")
                .tag(Meters.TAG_NODE, nodeTag)
                .register(registry);
    }

    private AtomicLong lastRenewal(String nodeTag) {
        return lastLeaseRenewalMillis.computeIfAbsent(nodeTag, n -> {
            AtomicLong millis = new AtomicLong();
            Gauge.builder(Meters.LEASE_LAST_RENEWAL, millis, m -> m.get() / 1000.0)
                    .description("Time of the last successful node Lease renewal")
                    .baseUnit("seconds")
                    .tag(Meters.TAG_NODE, n)
                    .strongReference(true)
                    .register(registry);
            return millis;
        });
    }

    // --- kubelet API ---------------------------------------------------------------------------------------------

    /**
     * One kubelet API request.
     *
     * @param route the route template, e.g. {@code /containerLogs/{namespace}/{pod}/{container}}, never the raw path
     */
    public void kubeletRequest(String route, int code, Duration duration) {
        kubeletTimer(tagValue(route), code).record(duration);
    }

    private Timer kubeletTimer(String routeTag, int code) {
        return Timer.builder(Meters.KUBELET_API_REQUESTS)
                .description("Kubelet API requests by route and HTTP status")
                .tag(Meters.TAG_ROUTE, routeTag)
                .tag(Meters.TAG_CODE, String.valueOf(code))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    // --- health and events --------------------------------------------------------------------------------------

    /** Exports the readiness checks and leadership of {@code health} as gauges. */
    public void registerHealth(HealthChecks health) {
        Gauge.builder(Meters.HEALTH_CHECK, health, h -> h.informersSynced() ? 1 : 0)
                .description("1 when the readiness check passes")
                .tag(Meters.TAG_CHECK, "informers_synced")
                .strongReference(true)
                .register(registry);
        Gauge.builder(Meters.HEALTH_CHECK, health, h -> h.providerReachable() ? 1 : 0)
                .description("1 when the readiness check passes")
                .tag(Meters.TAG_CHECK, "provider_reachable")
                .strongReference(true)
                .register(registry);
        Gauge.builder(Meters.HEALTH_CHECK, health, h -> h.nodesRegistered() ? 1 : 0)
                .description("1 when the readiness check passes")
                .tag(Meters.TAG_CHECK, "nodes_registered")
                .strongReference(true)
                .register(registry);
        Gauge.builder(Meters.LEADER, health, h -> h.leadership().leads() ? 1 : 0)
                .description("1 when this replica leads or leader election is disabled")
                .strongReference(true)
                .register(registry);
    }

    /** A Kubernetes Event was written (created or its count bumped). */
    public void eventRecorded(String reason, String type) {
        eventsRecordedCounter(reason, type).increment();
    }

    private Counter eventsRecordedCounter(String reason, String type) {
        return Counter.builder(Meters.EVENTS_RECORDED)
                .description("Kubernetes Events written, by reason and type")
                .tag(Meters.TAG_REASON, tagValue(reason))
                .tag(Meters.TAG_TYPE, tagValue(type))
                .register(registry);
    }

    /** A Kubernetes Event could not be written. */
    public void eventFailed(String reason) {
        eventsFailedCounter(reason).increment();
    }

    private Counter eventsFailedCounter(String reason) {
        return Counter.builder(Meters.EVENTS_FAILED)
                .description("Kubernetes Events that could not be written")
                .tag(Meters.TAG_REASON, tagValue(reason))
                .register(registry);
    }

    /**
     * Registers every documented meter at zero with its known tag values, so dashboards and alerts built on
     * {@code rate()} or {@code increase()} see zeros from the first scrape instead of absent series.
     *
     * @param actions the cloud API actions the provider calls
     * @param routes the kubelet API route templates
     * @param eventReasons every Event reason with its type ({@code Normal} or {@code Warning})
     */
    public void registerKnownSeries(
            Collection<String> actions, Collection<String> routes, Map<String, String> eventReasons) {
        registerCloudActions(actions);
        for (PodStartStage stage : PodStartStage.values()) {
            startLatency(stage);
        }
        for (PodOperation operation : PodOperation.values()) {
            podOperationCounter(operation, "success");
            for (CallOutcome outcome : CallOutcome.values()) {
                if (outcome != CallOutcome.SUCCESS) {
                    podOperationCounter(operation, outcome.tag());
                }
            }
        }
        podOperationCounter(PodOperation.CREATE, "rejected");
        statusSyncMeters();
        orphansCounter();
        for (String route : routes) {
            kubeletTimer(route, 200);
        }
        eventReasons.forEach((reason, type) -> {
            eventsRecordedCounter(reason, type);
            eventsFailedCounter(reason);
        });
        eventsFailedCounter("QueueFull");
    }

    /**
     * Registers the cloud-call meters of {@code actions} at zero, so that dashboards and alerts see every series
     * before its first call; a backend started later (a VirtualNode naming another cloud) adds its own.
     */
    public void registerCloudActions(Collection<String> actions) {
        for (String action : actions) {
            String actionTag = tagValue(action);
            for (CallOutcome outcome : CallOutcome.values()) {
                Counter.builder(Meters.CLOUD_API_CALLS)
                        .description("Cloud API calls by action, outcome and error code")
                        .tag(Meters.TAG_ACTION, actionTag)
                        .tag(Meters.TAG_OUTCOME, outcome.tag())
                        .tag(Meters.TAG_CODE, outcome == CallOutcome.SUCCESS ? "OK" : "none")
                        .register(registry);
            }
            cloudLatency(actionTag, CallOutcome.SUCCESS);
            throttleWait(actionTag);
        }
    }

    /** Registers a node's Lease meters at zero before its first renewal. */
    public void registerNode(String node) {
        String nodeTag = tagValue(node);
        leaseTimer(nodeTag, true);
        leaseFailures(nodeTag);
        lastRenewal(nodeTag);
    }

    /** Keeps a tag value short and free of characters that hint at free text reaching a tag. */
    static String tagValue(String value) {
        if (value == null || value.isBlank()) {
            return "none";
        }
        String safe = UNSAFE_TAG_CHARS.matcher(value).replaceAll("_");
        return safe.length() > MAX_TAG_LENGTH ? safe.substring(0, MAX_TAG_LENGTH) : safe;
    }

    @Override
    public synchronized void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
            gcMetrics = null;
        }
    }
}
