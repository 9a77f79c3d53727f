package dev.ecivk.agent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the supervision loop on one daemon thread: at the next due time, when woken, and at least every
 * {@code pollInterval}, because a real runtime tells of a container's exit only when asked.
 */
public final class RealTimePacer implements Pacer {
    private static final Logger LOG = LoggerFactory.getLogger(RealTimePacer.class);

    private final Clock clock;
    private final Duration pollInterval;
    private final String threadName;
    private final Object monitor = new Object();
    private boolean woken;
    private boolean closed;
    private Thread thread;

    public RealTimePacer(Clock clock, Duration pollInterval, String threadName) {
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.threadName = threadName;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void start(Supplier<Instant> sync) {
        thread = new Thread(() -> loop(sync), threadName);
        thread.setDaemon(true);
        thread.start();
    }

    private void loop(Supplier<Instant> sync) {
        while (true) {
            Instant next;
            try {
                next = sync.get();
            } catch (RuntimeException e) {
                LOG.warn("Pod supervision step failed; retrying", e);
                next = null;
            }
            synchronized (monitor) {
                if (closed) {
                    return;
                }
                long waitMillis = pollInterval.toMillis();
                if (next != null) {
                    waitMillis = Math.min(
                            waitMillis,
                            Math.max(0, Duration.between(clock.instant(), next).toMillis()));
                }
                if (!woken && waitMillis > 0) {
                    try {
                        monitor.wait(waitMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    @Override
    public void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    @Override
    public boolean runUntil(BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        // done is read outside the monitor: it takes the supervisor's lock, which the loop holds while it wakes us.
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            synchronized (monitor) {
                if (left <= 0 || closed) {
                    break;
                }
                try {
                    monitor.wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        return done.getAsBoolean();
    }

    @Override
    public void close() {
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
    }
}
