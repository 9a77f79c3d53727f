package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A node's Pod Events, written off the reconcile threads: they are best effort, and a burst of them must not delay
 * status writes. Beyond the queue's bound they are dropped and the drop is reported. While the node's Pods are on
 * their way to their status, an Event waits ({@link PodsFirst}).
 */
public final class QueuedPodEvents implements PodEventSink, AutoCloseable {
    /** Writers: enough for a burst's Events at a few hundred a second, few enough not to crowd status writes. */
    static final int WRITERS = 4;
    /**
     * The bound: the six Events a Pod gets on its way to Running (Scheduled, Pulling, Pulled, Created, Started and
     * ours) for a 10,000-Pod burst. A queued Event holds a Pod handle, not the Pod: a few hundred bytes each.
     */
    static final int QUEUE = 60_000;

    private final EventRecorder recorder;
    private final ThreadPoolExecutor writers;
    private final PodsFirst podsFirst;

    /**
     * @param podsFirst what an Event waits for before it is written
     * @param onDropped told of every Event the full queue refused
     */
    public QueuedPodEvents(EventRecorder recorder, String nodeName, PodsFirst podsFirst, Runnable onDropped) {
        this.recorder = recorder;
        this.podsFirst = podsFirst;
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
            if (podsFirst.await(queued)) {
                recorder.record(involved, reason, message, at);
            }
        });
    }

    @Override
    public void forward(Pod pod, GroupEvent event) {
        Pod involved = PodHandle.of(pod);
        long queued = System.nanoTime();
        writers.execute(() -> {
            if (podsFirst.await(queued)) {
                recorder.forward(involved, event);
            }
        });
    }

    /** Stops the writers; Events still queued are dropped, as beyond the bound. */
    @Override
    public void close() {
        writers.shutdownNow();
    }
}
