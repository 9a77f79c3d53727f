package dev.ecivk.agent.runtime;

import java.time.Duration;

/**
 * The kubelet's restart back-off of one container: the first restart is immediate, then 10 s, doubling up to 5 min;
 * a run that lasted 10 min or more starts the sequence again. The same sequence paces image pull retries.
 */
public final class RestartBackOff {
    public static final Duration INITIAL = Duration.ofSeconds(10);
    public static final Duration MAX = Duration.ofMinutes(5);
    public static final Duration RESET_AFTER = Duration.ofMinutes(10);

    /** The wait before the next restart; null while the next restart is the first (immediate) one. */
    private Duration next;

    /** A run that lasted {@code ranFor} ended and will be restarted: how long to wait before starting it again. */
    public Duration delayAfterRun(Duration ranFor) {
        if (ranFor.compareTo(RESET_AFTER) >= 0) {
            next = null;
        }
        Duration delay = next == null ? Duration.ZERO : next;
        next = next == null ? INITIAL : min(next.multipliedBy(2), MAX);
        return delay;
    }

    /** The wait before retrying something that failed without running (an image pull): 10 s doubling to 5 min. */
    public Duration delayAfterFailure() {
        next = next == null ? INITIAL : min(next.multipliedBy(2), MAX);
        return next;
    }

    public void reset() {
        next = null;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
