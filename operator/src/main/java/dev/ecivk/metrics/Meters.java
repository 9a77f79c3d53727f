package dev.ecivk.metrics;

/**
 * Every meter name and tag key the controller exports, in one place.
 *
 * <p>Names use Micrometer's dotted form; the Prometheus registry turns dots into underscores, appends the base unit
 * ({@code _seconds}) to timers and {@code _total} to counters. No name ends in {@code .created} or {@code .total}:
 * OpenMetrics reserves those suffixes and the exporter would strip them. Tags are low-cardinality only (action,
 * outcome, error code, node, phase, route, zone, namespace): never a Pod name or UID. The exported names are
 * documented in the README's metrics table, which {@code MetricsDocumentationTest} checks against this class.
 */
public final class Meters {
    public static final String PREFIX = "ecivk";

    /** Counter: cloud API calls. Tags: action, outcome, code. */
    public static final String CLOUD_API_CALLS = "ecivk.cloud.api.calls";
    /** Timer (histogram): cloud API call latency. Tags: action, outcome. */
    public static final String CLOUD_API_LATENCY = "ecivk.cloud.api.latency";
    /** Timer (histogram): time spent waiting for the client-side rate limiter. Tags: action. */
    public static final String CLOUD_RATELIMITER_WAIT = "ecivk.cloud.ratelimiter.wait";

    /** Gauge: Pods on a virtual node by phase. Tags: node, phase. */
    public static final String PODS = "ecivk.pods";
    /** Timer (histogram): Pod start latency from binding to a stage. Tags: stage. */
    public static final String POD_START_LATENCY = "ecivk.pod.start.latency";
    /** Counter: Pod create/delete operations. Tags: operation, outcome (success or failure class). */
    public static final String POD_OPERATIONS = "ecivk.pod.operations";

    /** Timer (histogram): one status sync round (batched describe + status writes). */
    public static final String STATUS_SYNC_DURATION = "ecivk.status.sync.duration";
    /** Distribution summary: describe calls needed by one status sync round. */
    public static final String STATUS_SYNC_DESCRIBE_CALLS = "ecivk.status.sync.describe.calls";

    /**
     * Gauge: Pods the reconcilers keep state about between reconciles (status-patch bookkeeping, sent deletes and
     * image updates, recent pricing); at most the Pods on the nodes, zero once they are gone.
     */
    public static final String PODS_REMEMBERED = "ecivk.pods.remembered";
    /** Gauge: items waiting in a work queue. Tags: queue. */
    public static final String WORKQUEUE_DEPTH = "ecivk.workqueue.depth";
    /** Gauge: watches of referenced objects (ConfigMaps, Secrets, a namespace's Services) running. Tags: kind. */
    public static final String REF_WATCHES = "ecivk.ref.watches";
    /** Counter: orphaned container groups deleted by the garbage collector. */
    public static final String ORPHANS_COLLECTED = "ecivk.orphans.collected";

    /** Timer (histogram): node Lease renewal latency. Tags: node, outcome. */
    public static final String LEASE_RENEWAL_LATENCY = "ecivk.lease.renewal.latency";
    /** Counter: failed node Lease renewals. Tags: node. */
    public static final String LEASE_RENEWAL_FAILURES = "ecivk.lease.renewal.failures";
    /** Gauge (seconds since the epoch): time of the last successful Lease renewal. Tags: node. */
    public static final String LEASE_LAST_RENEWAL = "ecivk.lease.last.renewal.timestamp";

    /** Timer (histogram): kubelet API requests. Tags: route, code. */
    public static final String KUBELET_API_REQUESTS = "ecivk.kubelet.api.request.duration";

    /** Gauge: 1 when a readiness check passes, 0 when not. Tags: check. */
    public static final String HEALTH_CHECK = "ecivk.health.check";
    /** Gauge: 1 when this replica leads (or leader election is disabled), 0 on standby. */
    public static final String LEADER = "ecivk.leader";

    /** Counter: Kubernetes Events written (first occurrence or repeat). Tags: reason, type. */
    public static final String EVENTS_RECORDED = "ecivk.events.recorded";
    /** Counter: Kubernetes Events that could not be written. Tags: reason. */
    public static final String EVENTS_FAILED = "ecivk.events.failed";

    /** Gauge: vCPUs of the cloud account's instances that count against its regional quota (ListUsage UsedCpu). */
    public static final String ACCOUNT_CPU_USED = "ecivk.account.cpu.used";
    /** Gauge: the account's regional vCPU quota (ListUsage MaxCpu). */
    public static final String ACCOUNT_CPU_MAX = "ecivk.account.cpu.max";
    /** Gauge: the share of the account's vCPU quota still free, 0 to 1. */
    public static final String ACCOUNT_CPU_HEADROOM = "ecivk.account.cpu.headroom.ratio";
    /** Gauge: the cpu a virtual Node advertises as allocatable (follows the account's quota). Tags: node. */
    public static final String NODE_ALLOCATABLE_CPU = "ecivk.node.allocatable.cpu";
    /** Counter: creates whose placement left out a zone without stock for the Pod's size. Tags: zone. */
    public static final String PLACEMENT_ZONE_AVOIDED = "ecivk.placement.zone.avoided";
    /** Gauge: what a node's running Pods cost per hour. Tags: node, namespace, pricing, currency. */
    public static final String POD_COST_PER_HOUR = "ecivk.pod.cost.per.hour";
    /** Gauge: what spot saves per hour on a node's running spot Pods. Tags: node, namespace, currency. */
    public static final String POD_COST_SPOT_SAVINGS = "ecivk.pod.cost.spot.savings.per.hour";

    /** Tag keys. */
    public static final String TAG_ACTION = "action";

    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_CODE = "code";
    public static final String TAG_NODE = "node";
    public static final String TAG_PHASE = "phase";
    public static final String TAG_STAGE = "stage";
    public static final String TAG_OPERATION = "operation";
    public static final String TAG_QUEUE = "queue";
    public static final String TAG_ROUTE = "route";
    public static final String TAG_CHECK = "check";
    public static final String TAG_REASON = "reason";
    public static final String TAG_TYPE = "type";
    public static final String TAG_KIND = "kind";
    public static final String TAG_ZONE = "zone";
    public static final String TAG_NAMESPACE = "namespace";
    public static final String TAG_PRICING = "pricing";
    public static final String TAG_CURRENCY = "currency";

    private Meters() {}
}
