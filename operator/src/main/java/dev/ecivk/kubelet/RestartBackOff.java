package dev.ecivk.kubelet;

import java.time.Duration;

/**
 * The kubelet's back-off of one container, for every place that plays the kubelet (the embedded ECI's containers,
 * the VM agent's supervisor): after a crash the first restart is immediate, then each waits twice as long as the one
 * before (10 s, 20 s, 40 s … capped at 5 min), and a run that lasted the reset period (10 min) starts the sequence
 * over. The same sequence paces retries of what failed without running (an image pull). Not thread-safe: its owner
 * guards it.
 */
public final class RestartBackOff {

    /**
     * The numbers of the sequence.
     *
     * @param initial the first wait
     * @param max the longest wait
     * @param resetAfter a run at least this long forgets the back-off
     */
    public record Policy(Duration initial, Duration max, Duration resetAfter) {
        /** The kubelet's defaults, which ECI keeps. */
        public static final Policy KUBELET =
                new Policy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));

        public Policy {
            // A zero wait would let a container that exits at once restart forever within one instant.
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || resetAfter.isNegative()) {
                throw new IllegalArgumentException("restart back-off needs 0 < initial <= max and resetAfter >= 0, got "
                        + initial + ", " + max + ", " + resetAfter);
            }
        }

        /** The kubelet's shape (max 30×, reset 60× the first wait) starting at {@code initial}: for fast tests. */
        public static Policy scaledTo(Duration initial) {
            return new Policy(initial, initial.multipliedBy(30), initial.multipliedBy(60));
        }
    }

    private final Policy policy;
    /** The wait the next crash gets; null until the first crash (or after a reset). */
    private Duration next;
    /** The wait the container is in now, for the CrashLoopBackOff message; null when it is not waiting. */
    private Duration current;

    /** The kubelet's sequence. */
    public RestartBackOff() {
        this(Policy.KUBELET);
    }

    public RestartBackOff(Policy policy) {
        this.policy = policy;
    }

    /**
     * A run that lasted {@code ran} ended and will be restarted: how long to wait first. Zero for the first crash and
     * after a long run, else the next step of the sequence.
     */
    public Duration afterRun(Duration ran) {
        if (next == null || ran.compareTo(policy.resetAfter()) >= 0) {
            next = policy.initial();
            current = null;
            return Duration.ZERO;
        }
        current = next;
        next = min(next.multipliedBy(2), policy.max());
        return current;
    }

    /** Something failed without running (an image pull): the wait before the next try, from the first step on. */
    public Duration afterFailure() {
        next = next == null ? policy.initial() : min(next.multipliedBy(2), policy.max());
        current = next;
        return next;
    }

    /** The container started again: it no longer waits (the sequence goes on). */
    public void restarted() {
        current = null;
    }

    /** Success: the sequence starts over. */
    public void reset() {
        next = null;
        current = null;
    }

    /** The wait in progress, or null. */
    public Duration current() {
        return current;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
