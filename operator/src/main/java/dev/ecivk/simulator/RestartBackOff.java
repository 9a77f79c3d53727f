package dev.ecivk.simulator;

import java.time.Duration;

/**
 * The crash-loop back-off of one container, as the kubelet inside ECI applies it: the first restart is immediate,
 * then each restart waits twice as long as the one before (10 s, 20 s, 40 s … capped at 5 min), and a run that
 * lasted at least the reset period (10 min) starts the sequence over. Guarded by the owning group's lock.
 */
final class RestartBackOff {

    /**
     * The numbers of the sequence.
     *
     * @param initial the first wait
     * @param max the longest wait
     * @param resetAfter a run at least this long forgets the back-off
     */
    record Policy(Duration initial, Duration max, Duration resetAfter) {
        /** The kubelet's defaults, which ECI keeps. */
        static final Policy KUBELET = new Policy(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(10));

        Policy {
            // A zero wait would let a container that exits at once restart forever within one instant.
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || resetAfter.isNegative()) {
                throw new IllegalArgumentException("restart back-off needs 0 < initial <= max and resetAfter >= 0, got "
                        + initial + ", " + max + ", " + resetAfter);
            }
        }

        /** The kubelet's shape (max 30×, reset 60× the first wait) starting at {@code initial}: for fast tests. */
        static Policy scaledTo(Duration initial) {
            return new Policy(initial, initial.multipliedBy(30), initial.multipliedBy(60));
        }
    }

    private final Policy policy;
    /** The wait the next crash gets; null until the first crash (or after a reset). */
    private Duration next;
    /** The wait the container is in now, for the CrashLoopBackOff message; null when it is not waiting. */
    private Duration current;

    RestartBackOff(Policy policy) {
        this.policy = policy;
    }

    /**
     * Records a crash of a run that lasted {@code ran} and returns how long to wait before the restart: zero for the
     * first crash and after a long run, else the next step of the sequence.
     */
    Duration afterCrash(Duration ran) {
        if (next == null || ran.compareTo(policy.resetAfter()) >= 0) {
            next = policy.initial();
            current = null;
            return Duration.ZERO;
        }
        current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(policy.max()) > 0 ? policy.max() : doubled;
        return current;
    }

    /** The container restarted: it no longer waits. */
    void restarted() {
        current = null;
    }

    /** The wait in progress, or null. */
    Duration current() {
        return current;
    }

    /** A duration as Go prints it ({@code 300ms}, {@code 10s}, {@code 1m20s}, {@code 5m0s}), as the kubelet's message does. */
    static String goDuration(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        StringBuilder out = new StringBuilder();
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        long secondMillis = millis % 60_000;
        out.append(secondMillis / 1000);
        if (secondMillis % 1000 != 0) {
            String fraction = String.format("%03d", secondMillis % 1000).replaceAll("0+$", "");
            out.append('.').append(fraction);
        }
        return out.append('s').toString();
    }
}
