package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;

/**
 * What the parts of one Pod's supervision share: the runtime, the pacer's clock, the workers, the Pod's events, the
 * Pod's spec, and the lock (the {@link SupervisorEngine}) under which all their state changes.
 */
final class Supervision {
    private static final long DEFAULT_GRACE_SECONDS = 30;

    final ContainerRuntime runtime;
    final Pacer pacer;
    final Executor workers;
    final PodEvents events = new PodEvents();
    final Object lock;
    ContainerGroupSpec spec;
    String podName;
    boolean terminating;
    /** The grace period of the Pod's termination, once it terminates: the stop's, else the Pod's own. */
    Duration stopGrace;

    Supervision(ContainerRuntime runtime, Pacer pacer, Executor workers, Object lock) {
        this.runtime = runtime;
        this.pacer = pacer;
        this.workers = workers;
        this.lock = lock;
    }

    Instant now() {
        return pacer.clock().instant();
    }

    /** Runs a runtime call on a worker; the pacer looks at the Pod again once it is done. */
    void work(Runnable task) {
        workers.execute(() -> {
            try {
                task.run();
            } finally {
                pacer.wake();
            }
        });
    }

    /** Records an event; {@code at} null means now. */
    void event(String type, String reason, String object, String message, Instant at) {
        events.add(type, reason, object, message, at == null ? now() : at);
    }

    /** The Pod's termination grace period (30 s when unset). */
    Duration grace() {
        Long seconds = spec.terminationGracePeriodSeconds();
        return Duration.ofSeconds(seconds == null || seconds < 0 ? DEFAULT_GRACE_SECONDS : seconds);
    }
}
