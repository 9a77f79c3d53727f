package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.kubelet.GoDuration;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when a container's run ends, as the kubelet decides it: its termination message (with the
 * FallbackToLogsOnError tail of its log), then a restart per the restart policy after the crash-loop back-off, or
 * the end of the container. Runs under the {@link SupervisorEngine}'s lock.
 */
final class ContainerExits {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerExits.class);
    /** Lines of log a FallbackToLogsOnError termination message takes at most (and 2048 bytes). */
    private static final int FALLBACK_LOG_LINES = 80;

    private final Supervision ctx;
    /** The runtime failed to answer; logged once until it answers again. */
    private boolean runtimeTrouble;

    ContainerExits(Supervision ctx) {
        this.ctx = ctx;
    }

    /**
     * Reads every live container's run from the runtime and handles those that ended; {@code podStopping} when no
     * container may start again, {@code onInitFailed} told when an init container failed for good. Whether any ended.
     */
    boolean observe(List<ContainerSlot> all, Instant now, boolean podStopping, Runnable onInitFailed) {
        boolean changed = false;
        for (ContainerSlot s : all) {
            if (!s.alive()) {
                continue;
            }
            RunStatus status;
            try {
                status = ctx.runtime.status(s.run);
                runtimeTrouble = false;
            } catch (RuntimeException e) {
                // Unknown is not ended: the run keeps its last known state until the runtime answers again.
                if (!runtimeTrouble) {
                    LOG.warn(
                            "Pod {}: cannot read container {} from the runtime: {}",
                            ctx.podName,
                            s.name(),
                            e.toString());
                }
                runtimeTrouble = true;
                continue;
            }
            s.runStatus = status;
            if (!status.running()) {
                onRunEnded(s, status, now, podStopping, onInitFailed);
                changed = true;
            }
        }
        return changed;
    }

    private void onRunEnded(
            ContainerSlot s, RunStatus status, Instant now, boolean podStopping, Runnable onInitFailed) {
        ContainerState t = s.ended(status, terminationMessage(s, status), now);
        boolean restart = !podStopping && restarts(s, status.exitCode());
        if (!restart) {
            s.finish(t);
            if (s.init && status.exitCode() != 0) {
                onInitFailed.run();
            }
            return;
        }
        Duration delay = s.crashBackOff.afterRun(s.lastRunLength(now));
        Instant finishedAt = t.finishTime() == null ? now : t.finishTime();
        s.notBefore = finishedAt.plus(delay);
        if (delay.isZero()) {
            s.waiting(ContainerSlot.CONTAINER_CREATING, null);
        } else {
            s.waiting(
                    "CrashLoopBackOff",
                    "back-off " + GoDuration.of(delay) + " restarting failed container=" + s.name() + " pod="
                            + ctx.podName);
            ctx.event(
                    PodEvents.WARNING,
                    "BackOff",
                    s.name(),
                    "Back-off restarting failed container " + s.name() + " in pod " + ctx.podName,
                    now);
        }
    }

    /** The kubelet's rule: Always restarts any exit, OnFailure a non-zero one; init containers only on failure. */
    private boolean restarts(ContainerSlot s, int exitCode) {
        String policy = ctx.spec.restartPolicy() == null ? "Always" : ctx.spec.restartPolicy();
        if (s.init) {
            return exitCode != 0 && !"Never".equals(policy);
        }
        return "Always".equals(policy) || ("OnFailure".equals(policy) && exitCode != 0);
    }

    private String terminationMessage(ContainerSlot s, RunStatus status) {
        String message = ctx.runtime.terminationMessage(s.run, s.spec);
        if ((message == null || message.isEmpty())
                && status.exitCode() != 0
                && "FallbackToLogsOnError".equals(s.spec.terminationMessagePolicy())) {
            try {
                message = ctx.runtime.logs(s.run, new LogQuery(FALLBACK_LOG_LINES, null, null, 2048L, false, false));
            } catch (IOException | RuntimeException e) {
                message = "";
            }
        }
        return message;
    }
}
