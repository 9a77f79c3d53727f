package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A node's Pod Events, written off the reconcile threads: they are best effort, and a burst of them must not delay
 * status writes. Beyond the queue's bound they are dropped and the drop is reported.
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

    /** @param onDropped told of every Event the full queue refused */
    public QueuedPodEvents(EventRecorder recorder, String nodeName, Runnable onDropped) {
        this.recorder = recorder;
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
        writers.execute(() -> recorder.record(involved, reason, message));
    }

    @Override
    public void forward(Pod pod, GroupEvent event) {
        Pod involved = PodHandle.of(pod);
        writers.execute(() -> recorder.forward(involved, event));
    }

    /** Stops the writers; Events still queued are dropped, as beyond the bound. */
    @Override
    public void close() {
        writers.shutdownNow();
    }
}
