package dev.ecivk.testing.cluster;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton of a controller of the fixture's control plane, as client-go's workqueue shapes a real one: store
 * changes enqueue keys (a key already queued is not queued twice), one thread processes them, a failure retries the
 * key with back-off, and work can be scheduled for later (a grace period running out). Nothing polls.
 */
abstract class ControllerLoop implements ObjectStore.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);

    private final String name;
    private final ScheduledExecutorService executor;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> failures = new ConcurrentHashMap<>();

    protected ControllerLoop(String name) {
        this.name = name;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Handles one key with fresh state from the store; throw to retry it later. */
    protected abstract void process(String key);

    protected final void enqueue(String key) {
        enqueueAfter(key, Duration.ZERO);
    }

    protected final void enqueueAfter(String key, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            if (!queued.add(key)) {
                return;
            }
            inFlight.incrementAndGet();
            submit(key, 0);
        } else {
            inFlight.incrementAndGet();
            submit(key, delay.toMillis());
        }
    }

    private void submit(String key, long delayMillis) {
        try {
            executor.schedule(() -> run(key), delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            inFlight.decrementAndGet(); // closed
        }
    }

    private void run(String key) {
        queued.remove(key);
        try {
            process(key);
            failures.remove(key);
        } catch (RuntimeException e) {
            int attempt = failures.merge(key, 1, Integer::sum);
            LOG.debug("{}: {} failed (attempt {}), retrying", name, key, attempt, e);
            enqueueAfter(key, Duration.ofMillis(Math.min(5_000, 50L << Math.min(attempt, 7))));
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** True when nothing is queued, scheduled or running. */
    boolean idle() {
        return inFlight.get() == 0;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
