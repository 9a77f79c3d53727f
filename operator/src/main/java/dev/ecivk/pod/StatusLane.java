package dev.ecivk.pod;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a container group's change to its Pod's status on threads of its own, as a kubelet's status manager does,
 * instead of through the reconcile queue: in a burst that queue holds every Pod still waiting for its create, and a
 * status change queued behind them made every Pod of the burst turn Running together at its end.
 *
 * <p>A Pod is queued at most once (a change that arrives while it waits is read with it: the writer reads the latest
 * snapshot). What the lane cannot finish by writing status (the Pod is not cached, is being deleted, its group
 * vanished, the write failed) is handed to the reconcile queue, which acts and retries with back-off as before.
 */
final class StatusLane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusLane.class);

    private final Predicate<ResourceID> writer;
    private final Consumer<ResourceID> reconcileQueue;
    private final Set<ResourceID> queued = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor threads;

    /**
     * @param writer writes the Pod's status from the latest snapshot; false when that is not the whole job
     * @param reconcileQueue where a Pod goes that the writer did not finish
     */
    StatusLane(String nodeName, int threadCount, Predicate<ResourceID> writer, Consumer<ResourceID> reconcileQueue) {
        this.writer = writer;
        this.reconcileQueue = reconcileQueue;
        this.threads = new ThreadPoolExecutor(
                threadCount, threadCount, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "ecivk-status-" + nodeName);
                    t.setDaemon(true);
                    return t;
                });
        threads.allowCoreThreadTimeOut(true);
    }

    /** Queues the Pod whose group changed, unless it is queued already. */
    void submit(ResourceID pod) {
        if (!queued.add(pod)) {
            return;
        }
        try {
            threads.execute(() -> write(pod));
        } catch (RejectedExecutionException e) {
            queued.remove(pod); // closing: the reconcile queue is stopping too
        }
    }

    private void write(ResourceID pod) {
        queued.remove(pod); // a change from now on queues it again
        boolean done;
        try {
            done = writer.test(pod);
        } catch (RuntimeException e) {
            LOG.debug("Status of {} not written here ({}); handed to the reconcile queue", pod, e.toString());
            done = false;
        }
        if (!done) {
            reconcileQueue.accept(pod);
        }
    }

    /** Pods waiting for their status write. */
    int queued() {
        return queued.size();
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
