package dev.ecivk.pod;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic chores of one node beside its status rounds, on one mostly idle thread: the orphan collection, the
 * groups' event feed when the provider has one, and the cloud's (cost export).
 */
public final class NodeChores implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeChores.class);

    private final String nodeName;
    private final ScheduledExecutorService thread;

    public NodeChores(String nodeName) {
        this.nodeName = nodeName;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecivk-orphan-gc-" + nodeName);
            t.setDaemon(true);
            return t;
        });
    }

    /** Collects orphans every {@code interval}, first after one interval; {@code collected} counts each pass. */
    public NodeChores collectOrphans(OrphanCollector orphans, Duration interval, IntConsumer collected) {
        every(interval, () -> {
            try {
                collected.accept(orphans.collect(group -> {}).size());
            } catch (RuntimeException e) {
                LOG.warn("Orphan collection on {} failed: {}", nodeName, e.getMessage());
            }
        });
        return this;
    }

    /** Forwards the node's group events every {@code interval}. */
    public NodeChores forwardEvents(GroupEventFeed feed, Duration interval) {
        every(interval, feed);
        return this;
    }

    /** Runs {@code chore} every {@code interval}, first after one interval. */
    public void every(Duration interval, Runnable chore) {
        long millis = interval.toMillis();
        thread.scheduleWithFixedDelay(chore, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
