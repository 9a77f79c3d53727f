package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starting one container's next run: pull as its policy says, create and start, with the pull back-off
 * (ErrImagePull, then ImagePullBackOff until the next try) and the kubelet's events on the way.
 */
final class ContainerStarts {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerStarts.class);
    /** ErrImagePull shows this long after a failed pull before the reason turns to ImagePullBackOff. */
    static final Duration PULL_ERROR_SHOWN = Duration.ofSeconds(1);

    private final Supervision ctx;
    private final ContainerStops stops;
    private final ContainerChecks checks;

    ContainerStarts(Supervision ctx, ContainerStops stops, ContainerChecks checks) {
        this.ctx = ctx;
        this.stops = stops;
        this.checks = checks;
    }

    boolean startIfDue(ContainerSlot s, Instant now) {
        if (!s.startable(now)) {
            return false;
        }
        s.busy = true;
        int attempt = s.attempts;
        ctx.work(() -> {
            Run run = null;
            RuntimeFailure failure = null;
            try {
                ctx.event(PodEvents.NORMAL, "Pulling", s.name(), "Pulling image \"" + s.spec.image() + "\"", null);
                boolean pulled = ctx.runtime.pullImage(s.spec, ctx.spec.imageRegistryCredentials());
                ctx.event(
                        PodEvents.NORMAL,
                        "Pulled",
                        s.name(),
                        pulled
                                ? "Successfully pulled image \"" + s.spec.image() + "\""
                                : "Container image \"" + s.spec.image() + "\" already present on machine",
                        null);
                run = ctx.runtime.start(s.spec, attempt);
                ctx.event(PodEvents.NORMAL, "Created", s.name(), "Created container " + s.name(), null);
                ctx.event(PodEvents.NORMAL, "Started", s.name(), "Started container " + s.name(), null);
            } catch (RuntimeFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new RuntimeFailure("RunContainerError", String.valueOf(e.getMessage()), e);
            }
            Run started = run;
            RuntimeFailure f = failure;
            synchronized (ctx.lock) {
                s.busy = false;
                Instant at = ctx.now();
                if (f != null) {
                    onStartFailed(s, f, at);
                } else {
                    onStarted(s, started, at);
                }
            }
        });
        return true;
    }

    void onStartFailed(ContainerSlot s, RuntimeFailure f, Instant at) {
        boolean pull = f.reason().startsWith("ErrImage");
        s.waiting(f.reason(), f.getMessage());
        s.pullFailedAt = pull ? at : null;
        s.notBefore = at.plus(s.pullBackOff.afterFailure());
        String message = pull ? "Failed to pull image \"" + s.spec.image() + "\": " + f.getMessage() : f.getMessage();
        ctx.event(PodEvents.WARNING, "Failed", s.name(), message, at);
        LOG.info("Pod {} container {}: {} {}", ctx.podName, s.name(), f.reason(), f.getMessage());
    }

    boolean showPullBackOff(ContainerSlot s, Instant now) {
        if (s.pullFailedAt == null
                || !"ErrImagePull".equals(s.waitingReason)
                || now.isBefore(s.pullFailedAt.plus(PULL_ERROR_SHOWN))) {
            return false;
        }
        s.waiting("ImagePullBackOff", "Back-off pulling image \"" + s.spec.image() + "\"");
        ctx.event(PodEvents.NORMAL, "BackOff", s.name(), "Back-off pulling image \"" + s.spec.image() + "\"", now);
        return true;
    }

    void onStarted(ContainerSlot s, Run run, Instant at) {
        if (s.previousRun != null) {
            ctx.runtime.remove(s.previousRun);
        }
        s.previousRun = s.run;
        s.run = run;
        s.runEnded = false;
        s.attempts++;
        s.pullFailedAt = null;
        s.pullBackOff.reset();
        s.waiting(null, null);
        s.runStatus = RunStatus.running(at);
        if (!s.init) {
            if (s.spec.readinessProbe() != null) {
                s.readiness = new ProbeState(s.spec.readinessProbe(), "Readiness", false, at);
            }
            if (s.spec.livenessProbe() != null) {
                s.liveness = new ProbeState(s.spec.livenessProbe(), "Liveness", true, at);
            }
        }
        if (ctx.terminating) {
            stops.beginStop(s, "the Pod is terminating", at, ctx.stopGrace);
            return;
        }
        if (s.spec.postStart() != null) {
            checks.runPostStart(s, run);
        }
    }
}
