package dev.ecivk.pod;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * Pods first: the writes a node can put off — its Pods' Events and their price annotations — wait while Pods of the
 * node are on their way to a status write (being created, created but not yet seen by a status round, or with a
 * status write queued), for at most {@link #MAX_DEFERRAL} after they were queued. In a burst the apiserver, etcd and
 * this process then spend their CPU on the Pods, and the Events and annotations follow once the last Pod's status is
 * written; a write made in the burst's last seconds competed with the last Pods' status writes. Under light churn
 * fewer Pods than the threshold are ever on their way and nothing waits. (A kubelet rate-limits its Events for the
 * same reason.)
 */
public final class PodsFirst {
    /** The longest a write waits for the node's Pods before it goes anyway. */
    public static final Duration MAX_DEFERRAL = Duration.ofSeconds(15);

    private static final long CHECK_NANOS = Duration.ofMillis(20).toNanos();
    private static final PodsFirst NEVER = new PodsFirst(() -> 0, 1, Duration.ZERO);

    private final IntSupplier onTheirWay;
    private final int busyAt;
    private final Duration maxDeferral;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param onTheirWay how many Pods of the node are on their way to a status write now: cheap, it is asked every
     *     few milliseconds while writes wait
     * @param busyAt from how many Pods on their way the node is busy (at least 1)
     * @param maxDeferral how long a write may wait while the node is busy
     */
    public PodsFirst(IntSupplier onTheirWay, int busyAt, Duration maxDeferral) {
        if (busyAt < 1) {
            throw new IllegalArgumentException("busyAt must be at least 1, got " + busyAt);
        }
        this.onTheirWay = onTheirWay;
        this.busyAt = busyAt;
        this.maxDeferral = maxDeferral;
    }

    /** A gate that never holds a write back (no node to wait for). */
    public static PodsFirst never() {
        return NEVER;
    }

    /** The longest a write waits while the node is busy. */
    public Duration maxDeferral() {
        return maxDeferral;
    }

    /** Whether Pods of the node are on their way now, as many as make it busy. */
    public boolean busy() {
        return onTheirWay.getAsInt() >= busyAt;
    }

    /**
     * Waits while the node is busy and the write, queued at {@code queuedNanos} ({@link System#nanoTime()}), is
     * younger than the deferral.
     *
     * @return false when the thread was interrupted meanwhile (the writer is stopping): do not write
     */
    public boolean await(long queuedNanos) {
        if (!busy()) {
            return true;
        }
        long maxDeferralNanos = maxDeferral.toNanos();
        waiting.incrementAndGet();
        try {
            while (busy() && System.nanoTime() - queuedNanos < maxDeferralNanos) {
                LockSupport.parkNanos(CHECK_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Writes held back now, waiting for the node's Pods (those still queued behind them not counted). */
    public int waiting() {
        return waiting.get();
    }
}
