package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.provider.model.ContainerSpec.Handler;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping one container as the kubelet does: its preStop hook first, then SIGTERM, then SIGKILL when the grace
 * period is over; the container gets at least 2 s between SIGTERM and SIGKILL whatever preStop used.
 */
final class ContainerStops {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStops.class);
    private static final Duration MIN_STOP_GRACE = Duration.ofSeconds(2);
    private static final Duration STOP_RETRY = Duration.ofSeconds(1);

    private final Supervision ctx;

    ContainerStops(Supervision ctx) {
        this.ctx = ctx;
    }

    /** Starts stopping a running container: preStop first, then SIGTERM, then SIGKILL when the grace is over. */
    void beginStop(ContainerSlot s, String cause, Instant now, Duration grace) {
        if (s.stopping || !s.alive()) {
            return;
        }
        s.stopping = true;
        s.stopCause = cause;
        s.stopDeadline = now.plus(grace);
        Handler preStop = s.spec.preStop();
        if (preStop == null) {
            s.preStopDoneAt = now;
            return;
        }
        s.preStopRunning = true;
        Run run = s.run;
        ctx.work(() -> {
            ActionResult r = Actions.run(ctx.runtime, run, preStop, grace);
            synchronized (ctx.lock) {
                if (s.run != run || !s.stopping) {
                    return;
                }
                s.preStopRunning = false;
                Duration took = r.took() == null || r.took().compareTo(grace) > 0 ? grace : r.took();
                s.preStopDoneAt = now.plus(took);
                if (!Actions.succeeded(r, grace)) {
                    ctx.event(
                            PodEvents.WARNING,
                            "FailedPreStopHook",
                            s.name(),
                            Actions.hookMessage("PreStopHook", r),
                            now);
                }
            }
        });
    }

    boolean driveStop(ContainerSlot s, Instant now) {
        if (!s.stopping || s.stopSent || s.preStopRunning || s.busy || now.isBefore(s.preStopDoneAt)) {
            return false;
        }
        Duration left = Duration.between(now, s.stopDeadline);
        Duration grace = left.compareTo(MIN_STOP_GRACE) < 0 ? MIN_STOP_GRACE : left;
        s.stopSent = true;
        s.busy = true;
        Run run = s.run;
        ctx.work(() -> {
            boolean sent = true;
            try {
                ctx.runtime.stop(run, grace);
            } catch (RuntimeException e) {
                LOG.warn("Pod {} container {}: stop failed, retrying: {}", ctx.podName, s.name(), e.toString());
                sent = false;
            }
            synchronized (ctx.lock) {
                s.busy = false;
                if (!sent && s.run == run && s.stopping) {
                    // As the kubelet retries a kill: again shortly, with what is left of the grace period.
                    s.stopSent = false;
                    s.preStopDoneAt = ctx.now().plus(STOP_RETRY);
                }
            }
        });
        return true;
    }
}
