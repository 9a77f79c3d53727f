package dev.ecivk.provider.eci;

/**
 * Told about every ECI call, so metrics can count calls without this package depending on them. Implementations
 * must be fast and thread-safe.
 */
@FunctionalInterface
public interface EciCallListener {
    /** Outcome of a call that succeeded. */
    String SUCCESS = "success";

    /**
     * One finished call.
     *
     * @param action the API action, e.g. {@code CreateContainerGroup}
     * @param outcome {@link #SUCCESS} or the lower-case failure class ({@code transient}, {@code capacity},
     *     {@code permanent}, {@code not_found})
     * @param errorCode the ECI error code, or null on success
     * @param durationNanos wall time of the call including client-side throttling waits
     */
    void onCall(String action, String outcome, String errorCode, long durationNanos);

    /** A call that waited for the client-side rate limiter of its action before it was sent. */
    default void onThrottleWait(String action, long waitNanos) {}

    EciCallListener NONE = (action, outcome, errorCode, durationNanos) -> {};
}
