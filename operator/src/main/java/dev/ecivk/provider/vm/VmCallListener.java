package dev.ecivk.provider.vm;

/**
 * Told about every call a {@link VmCloud} makes to its cloud, so metrics can count calls without the adapters
 * depending on them. Implementations must be fast and thread-safe.
 */
@FunctionalInterface
public interface VmCallListener {
    /** Outcome of a call that succeeded. */
    String SUCCESS = "success";

    /** Outcome of a call the cloud refused for its rate quota (a transient failure metrics count apart). */
    String THROTTLED = "throttled";

    /**
     * One finished call.
     *
     * @param cloud {@link VmCloud#kind()} of the caller ({@code ecs}, {@code huawei-ecs})
     * @param action the API action, e.g. {@code RunInstances}
     * @param outcome {@link #SUCCESS}, {@link #THROTTLED} or the lower-case failure class ({@code transient},
     *     {@code capacity}, {@code permanent}, {@code not_found})
     * @param errorCode the cloud's error code, or null on success
     * @param durationNanos wall time of the call including client-side throttling waits
     */
    void onCall(String cloud, String action, String outcome, String errorCode, long durationNanos);

    /** A call that waited for the client-side rate limiter of its action before it was sent. */
    default void onThrottleWait(String cloud, String action, long waitNanos) {}

    VmCallListener NONE = (cloud, action, outcome, errorCode, durationNanos) -> {};
}
