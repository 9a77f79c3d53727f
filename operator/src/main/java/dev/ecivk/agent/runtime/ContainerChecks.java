package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.kubelet.GoDuration;
import java.time.Duration;
import java.time.Instant;

/**
 * The checks on a running container: its readiness and liveness probes on their schedules (a failed liveness probe
 * stops it for a restart), and its postStart hook (a failure stops it too).
 */
final class ContainerChecks {
    private final Supervision ctx;
    private final ContainerStops stops;

    ContainerChecks(Supervision ctx, ContainerStops stops) {
        this.ctx = ctx;
        this.stops = stops;
    }

    void runPostStart(ContainerSlot s, Run run) {
        s.postStartRunning = true;
        Duration grace = ctx.grace();
        ctx.work(() -> {
            ActionResult r = Actions.run(ctx.runtime, run, s.spec.postStart(), grace);
            synchronized (ctx.lock) {
                if (s.run != run) {
                    return;
                }
                s.postStartRunning = false;
                if (!Actions.succeeded(r, grace)) {
                    Instant at = ctx.now();
                    ctx.event(
                            PodEvents.WARNING,
                            "FailedPostStartHook",
                            s.name(),
                            Actions.hookMessage("PostStartHook", r),
                            at);
                    stops.beginStop(s, "FailedPostStartHook", at, grace);
                }
            }
        });
    }

    boolean runProbes(ContainerSlot s, Instant now) {
        if (!s.alive() || s.stopping || s.postStartRunning) {
            return false;
        }
        boolean changed = false;
        for (ProbeState p : new ProbeState[] {s.readiness, s.liveness}) {
            if (p != null && p.due(now)) {
                launchProbe(s, p, now);
                changed = true;
            }
        }
        return changed;
    }

    void launchProbe(ContainerSlot s, ProbeState p, Instant launchedAt) {
        p.launched();
        Run run = s.run;
        ctx.work(() -> {
            ActionResult r = Actions.probe(ctx.runtime, run, p.probe, p.timeout());
            synchronized (ctx.lock) {
                if (s.run != run || !s.alive()) {
                    return;
                }
                boolean ok = Actions.succeeded(r, p.timeout());
                boolean flipped = p.record(ok, launchedAt);
                Instant at = ctx.now();
                if (!ok) {
                    String why = r.success()
                            ? "timeout: probe did not answer within " + GoDuration.of(p.timeout())
                            : r.message();
                    ctx.event(PodEvents.WARNING, "Unhealthy", s.name(), p.kind + " probe failed: " + why, at);
                }
                if (flipped && p == s.liveness && !p.passing()) {
                    ctx.event(
                            PodEvents.NORMAL,
                            "Killing",
                            s.name(),
                            "Container " + s.name() + " failed liveness probe, will be restarted",
                            at);
                    stops.beginStop(s, "liveness", at, ctx.grace());
                }
            }
        });
    }
}
