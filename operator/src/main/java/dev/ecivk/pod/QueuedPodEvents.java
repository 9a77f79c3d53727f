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
    static final int WRITERS = 2;
    static final int QUEUE = 20_000;

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
