package dev.ecivk.agent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the supervision loop on a scheduler by the wall clock: at the next due time, when woken, and at least every
 * {@code pollInterval}, because a real runtime tells of a container's exit only when asked. One scheduler thread can
 * pace many Pods (the embedded clouds run hundreds of simulated VMs in one process); a real VM gives its one Pod a
 * thread of its own.
 */
public final class ScheduledPacer implements Pacer {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduledPacer.class);
    private static final long DONE_CHECK_MILLIS = 100;

    private final Clock clock;
    private final Duration pollInterval;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final Object monitor = new Object();
    private Supplier<Instant> sync;
    private ScheduledFuture<?> pending;
    private boolean running;
    private boolean wokenWhileRunning;
    private boolean closed;

    private ScheduledPacer(
            Clock clock, Duration pollInterval, ScheduledExecutorService scheduler, boolean ownsScheduler) {
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
    }

    /** On a scheduler shared with other Pods; closing this pacer leaves the scheduler running. */
    public static ScheduledPacer shared(Clock clock, Duration pollInterval, ScheduledExecutorService scheduler) {
        return new ScheduledPacer(clock, pollInterval, scheduler, false);
    }

    /** On a daemon thread of its own, stopped when the pacer closes. */
    public static ScheduledPacer ownThread(Clock clock, Duration pollInterval, String threadName) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        return new ScheduledPacer(clock, pollInterval, scheduler, true);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void start(Supplier<Instant> syncStep) {
        synchronized (monitor) {
            sync = syncStep;
            scheduleLocked(Duration.ZERO);
        }
    }

    private void run() {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            running = true;
            wokenWhileRunning = false;
        }
        Instant next = null;
        try {
            next = sync.get();
        } catch (RuntimeException e) {
            LOG.warn("Pod supervision step failed; retrying", e);
        }
        synchronized (monitor) {
            running = false;
            monitor.notifyAll();
            if (closed) {
                return;
            }
            Duration wait = pollInterval;
            if (wokenWhileRunning) {
                wait = Duration.ZERO;
            } else if (next != null) {
                Duration untilNext = Duration.between(clock.instant(), next);
                wait = untilNext.isNegative() ? Duration.ZERO : untilNext.compareTo(wait) < 0 ? untilNext : wait;
            }
            scheduleLocked(wait);
        }
    }

    private void scheduleLocked(Duration wait) {
        if (pending != null) {
            pending.cancel(false);
        }
        pending = scheduler.schedule(this::run, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void wake() {
        synchronized (monitor) {
            if (closed || sync == null) {
                return;
            }
            if (running) {
                wokenWhileRunning = true;
            } else {
                scheduleLocked(Duration.ZERO);
            }
        }
    }

    @Override
    public boolean runUntil(BooleanSupplier done, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        // done is read outside the monitor: it takes the supervisor's lock, which a step holds while it wakes us.
        while (!done.getAsBoolean()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            synchronized (monitor) {
                if (left <= 0 || closed) {
                    break;
                }
                try {
                    monitor.wait(Math.max(1, Math.min(left, DONE_CHECK_MILLIS)));
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
            if (pending != null) {
                pending.cancel(false);
            }
            monitor.notifyAll();
        }
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
    }
}
