package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A node's Pod Events, written off the reconcile threads: they are best effort, and a burst of them must not delay
 * status writes. Beyond the queue's bound they are dropped and the drop is reported.
 *
 * <p>Pods before their Events: while the node is busy creating (as many creates in flight as {@code busy} says), an
 * Event waits, for at most {@link #MAX_DEFERRAL} after it was queued, so that in a burst the apiserver, etcd and this
 * process spend their CPU on the Pods and write the Events once the burst has passed. Under steady churn the creates
 * in flight stay few and Events go out at once. (A kubelet rate-limits its Events for the same reason.)
 */
public final class QueuedPodEvents implements PodEventSink, AutoCloseable {
    /** Writers: enough for a burst's Events at a few hundred a second, few enough not to crowd status writes. */
    static final int WRITERS = 4;
    /**
     * The bound: the six Events a Pod gets on its way to Running (Scheduled, Pulling, Pulled, Created, Started and
     * ours) for a 10,000-Pod burst. A queued Event holds a Pod handle, not the Pod: a few hundred bytes each.
     */
    static final int QUEUE = 60_000;

    /** The longest an Event waits for the node's creates to quiet down before it is written anyway. */
    public static final Duration MAX_DEFERRAL = Duration.ofSeconds(15);

    private static final long QUIET_CHECK_NANOS = Duration.ofMillis(20).toNanos();

    private final EventRecorder recorder;
    private final ThreadPoolExecutor writers;
    private final BooleanSupplier busy;
    private final long maxDeferralNanos;
    private final AtomicInteger waiting = new AtomicInteger();

    /**
     * @param busy whether the node is busy creating Pods now: cheap, it is asked every few milliseconds while Events
     *     wait
     * @param maxDeferral how long an Event may wait while {@code busy}
     * @param onDropped told of every Event the full queue refused
     */
    public QueuedPodEvents(
            EventRecorder recorder, String nodeName, BooleanSupplier busy, Duration maxDeferral, Runnable onDropped) {
        this.recorder = recorder;
        this.busy = busy;
        this.maxDeferralNanos = maxDeferral.toNanos();
        this.writers = new ThreadPoolExecutor(
                WRITERS,
                WRITERS,
                1,
                TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "ecivk-events-" + nodeName);
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> onDropped.run());
    }

    @Override
    public void record(Pod pod, EventReason reason, String message) {
        Pod involved = PodHandle.of(pod); // not the whole Pod: the queue may hold thousands
        long queued = System.nanoTime();
        Instant at = recorder.now(); // the Event says when it happened, however long it waited
        writers.execute(() -> {
            if (awaitQuiet(queued)) {
                recorder.record(involved, reason, message, at);
            }
        });
    }

    @Override
    public void forward(Pod pod, GroupEvent event) {
        Pod involved = PodHandle.of(pod);
        long queued = System.nanoTime();
        writers.execute(() -> {
            if (awaitQuiet(queued)) {
                recorder.forward(involved, event);
            }
        });
    }

    /** Waits while the node is busy and the Event is younger than the deferral; false when stopped meanwhile. */
    private boolean awaitQuiet(long queued) {
        if (!busy.getAsBoolean()) {
            return true;
        }
        waiting.incrementAndGet();
        try {
            while (busy.getAsBoolean() && System.nanoTime() - queued < maxDeferralNanos) {
                LockSupport.parkNanos(QUIET_CHECK_NANOS);
                if (Thread.currentThread().isInterrupted()) {
                    return false;
                }
            }
            return true;
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Events a writer holds back now, waiting for the node to quiet down (those still queued not counted). */
    int waiting() {
        return waiting.get();
    }

    /** Stops the writers; Events still queued are dropped, as beyond the bound. */
    @Override
    public void close() {
        writers.shutdownNow();
    }
}
