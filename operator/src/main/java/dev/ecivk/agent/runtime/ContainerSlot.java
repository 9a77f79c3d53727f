package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.kubelet.RestartBackOff;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerSpec;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * One container (or init container) of the Pod as the supervisor tracks it: its current and previous run, why it is
 * waiting, its back-offs, probes and stop in progress. Guarded by the owning {@link SupervisorEngine}.
 */
final class ContainerSlot {
    static final String CONTAINER_CREATING = "ContainerCreating";
    static final String POD_INITIALIZING = "PodInitializing";

    final ContainerSpec spec;
    final boolean init;
    final RestartBackOff crashBackOff = new RestartBackOff();
    final RestartBackOff pullBackOff = new RestartBackOff();

    /** The latest run: running, or ended and kept as the last terminated state until the next run starts. */
    Run run;
    /** The run before {@link #run}, kept for {@code logs --previous}. */
    Run previousRun;

    RunStatus runStatus;
    boolean runEnded;
    int attempts;
    /** A worker is pulling, starting or stopping this container. */
    boolean busy;

    String waitingReason;
    String waitingMessage;
    /** When an image pull failed: ErrImagePull shows until the next look, then ImagePullBackOff. */
    Instant pullFailedAt;
    /** Not (re)started before this. */
    Instant notBefore;

    /** Ended for good: no restart will follow. */
    boolean finished;

    ContainerState terminated;
    ContainerState lastTerminated;
    /** The terminated state before {@link #lastTerminated}: a finished container's last state. */
    ContainerState terminatedBefore;

    ProbeState liveness;
    ProbeState readiness;
    boolean postStartRunning;

    boolean stopping;
    /** Why it is being stopped: the Pod is terminating, or it failed its liveness probe or postStart hook. */
    String stopCause;

    Instant stopDeadline;
    boolean preStopRunning;
    Instant preStopDoneAt;
    boolean stopSent;

    ContainerSlot(ContainerSpec spec, boolean init) {
        this.spec = spec;
        this.init = init;
        this.waitingReason = init ? POD_INITIALIZING : CONTAINER_CREATING;
    }

    String name() {
        return spec.name();
    }

    boolean alive() {
        return run != null && !runEnded;
    }

    boolean succeeded() {
        return finished && terminated != null && Integer.valueOf(0).equals(terminated.exitCode());
    }

    /** Waits for its first or next run and may start now. */
    boolean startable(Instant now) {
        return !busy && !finished && !alive() && (notBefore == null || !now.isBefore(notBefore));
    }

    boolean ready() {
        return !init && alive() && !stopping && !postStartRunning && (readiness == null || readiness.passing());
    }

    /** The container's status as the provider model has it (what the controller's status translation reads). */
    ContainerStatus status() {
        ContainerState current;
        if (alive()) {
            Instant started = runStatus == null ? null : runStatus.startedAt();
            current = new ContainerState(ContainerState.RUNNING, null, null, null, null, null, started, null);
        } else if (finished) {
            current = terminated;
        } else {
            current = new ContainerState(
                    ContainerState.WAITING, waitingReason, waitingReason, waitingMessage, null, null, null, null);
        }
        ContainerState previous = finished ? terminatedBefore : lastTerminated;
        return new ContainerStatus(name(), spec.image(), ready(), Math.max(0, attempts - 1), current, previous);
    }

    /** The run whose logs a read asks for, with the kubelet's rules and its errors for a container not yet run. */
    Run logRun(boolean previous, String podName) throws IOException {
        if (previous) {
            Run last = runEnded && !finished ? run : previousRun;
            if (last == null) {
                throw new IOException(
                        "previous terminated container \"" + name() + "\" in pod \"" + podName + "\" not found");
            }
            return last;
        }
        if (run == null) {
            String reason = waitingReason == null ? CONTAINER_CREATING : waitingReason;
            throw new IOException(
                    "container \"" + name() + "\" in pod \"" + podName + "\" is waiting to start: " + reason);
        }
        return run;
    }

    /** Records that {@link #run} ended: terminated state, and whether a restart follows. */
    ContainerState ended(RunStatus status, String message, Instant now) {
        runEnded = true;
        runStatus = status;
        Instant finishedAt = status.finishedAt() == null ? now : status.finishedAt();
        String reason = status.oomKilled() ? "OOMKilled" : status.exitCode() == 0 ? "Completed" : "Error";
        ContainerState t = new ContainerState(
                ContainerState.TERMINATED,
                reason,
                reason,
                message == null || message.isEmpty() ? null : message,
                status.exitCode(),
                null,
                status.startedAt(),
                finishedAt);
        terminatedBefore = lastTerminated;
        lastTerminated = t;
        liveness = null;
        readiness = null;
        postStartRunning = false;
        stopping = false;
        stopCause = null;
        stopDeadline = null;
        preStopRunning = false;
        preStopDoneAt = null;
        stopSent = false;
        return t;
    }

    void finish(ContainerState t) {
        finished = true;
        terminated = t;
    }

    /** How long the run that just ended had been running. */
    Duration lastRunLength(Instant now) {
        if (runStatus == null || runStatus.startedAt() == null) {
            return Duration.ZERO;
        }
        Instant end = runStatus.finishedAt() == null ? now : runStatus.finishedAt();
        return Duration.between(runStatus.startedAt(), end);
    }

    void waiting(String reason, String message) {
        waitingReason = reason;
        waitingMessage = message;
    }
}
