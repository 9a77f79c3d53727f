package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.kubelet.RestartBackOff;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's part for one Pod on one VM, over any {@link ContainerRuntime}: volumes prepared, images pulled with
 * back-off, init containers one by one, then the containers; restarts per the restart policy with the crash-loop
 * back-off; liveness and readiness probes; postStart and preStop hooks; the termination grace period. Every decision
 * is taken in {@link #sync()} under this object's lock at the pacer's time; slow runtime calls run on the workers
 * and report back, so probes keep running while an image is pulled.
 */
public class SupervisorEngine implements PodSupervisor {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisorEngine.class);

    private final Supervision ctx;
    private final ContainerStops stops;
    private final ContainerChecks checks;
    private final ContainerStarts starts;
    private final ContainerExits exits;
    private final List<ContainerSlot> initSlots = new ArrayList<>();
    private final List<ContainerSlot> slots = new ArrayList<>();
    private boolean prepared;
    private boolean preparing;
    private final RestartBackOff prepareBackOff = new RestartBackOff();
    private Instant prepareNotBefore;
    private boolean initFailed;
    private boolean cleaningUp;
    /** When {@code activeDeadlineSeconds} runs out; null without one. */
    private Instant deadline;

    private boolean deadlineExceeded;
    private boolean terminated;

    protected SupervisorEngine(ContainerRuntime runtime, Pacer pacer, Executor workers) {
        this.ctx = new Supervision(runtime, pacer, workers, this);
        this.stops = new ContainerStops(ctx);
        this.checks = new ContainerChecks(ctx, stops);
        this.starts = new ContainerStarts(ctx, stops, checks);
        this.exits = new ContainerExits(ctx);
    }

    @Override
    public void start(ContainerGroupSpec podSpec) {
        synchronized (this) {
            if (ctx.spec != null) {
                throw new IllegalStateException("already started");
            }
            ctx.spec = podSpec;
            ctx.podName = podSpec.name();
            if (podSpec.activeDeadlineSeconds() != null && podSpec.activeDeadlineSeconds() > 0) {
                deadline = ctx.now().plusSeconds(podSpec.activeDeadlineSeconds());
            }
            podSpec.initContainers().forEach(c -> initSlots.add(new ContainerSlot(c, true)));
            podSpec.containers().forEach(c -> slots.add(new ContainerSlot(c, false)));
            if (initSlots.isEmpty()) {
                slots.forEach(s -> s.waiting(ContainerSlot.CONTAINER_CREATING, null));
            } else {
                slots.forEach(s -> s.waiting(ContainerSlot.POD_INITIALIZING, null));
            }
        }
        ctx.pacer.start(this::sync);
    }

    /** Does what is due now; returns when something is next due (null: nothing planned). */
    synchronized Instant sync() {
        if (ctx.spec == null || terminated) {
            return null;
        }
        Instant now = ctx.now();
        // Workers that finish inline (the simulated runtime) change state during a pass; a few passes settle it.
        for (int pass = 0; pass < 8; pass++) {
            if (!step(now)) {
                break;
            }
        }
        return nextDue(now);
    }

    private boolean step(Instant now) {
        boolean changed = exits.observe(allSlots(), now, ctx.terminating || deadlineExceeded, () -> initFailed = true);
        if (ctx.terminating) {
            return driveStops(now) | finishTermination() | changed;
        }
        changed |= enforceDeadline(now);
        if (deadlineExceeded) {
            return driveStops(now) | changed;
        }
        if (!prepared) {
            return preparePod(now) | changed;
        }
        changed |= runInitContainers(now);
        if (!initFailed && initSlots.stream().allMatch(ContainerSlot::succeeded)) {
            for (ContainerSlot s : slots) {
                changed |= starts.startIfDue(s, now);
            }
        }
        for (ContainerSlot s : allSlots()) {
            changed |= checks.runProbes(s, now) | stops.driveStop(s, now) | starts.showPullBackOff(s, now);
        }
        return changed;
    }

    /**
     * {@code activeDeadlineSeconds} after the start the Pod fails, as the kubelet fails it: every container is
     * stopped with the grace period and none starts again; their logs stay readable.
     */
    private boolean enforceDeadline(Instant now) {
        if (deadline == null || deadlineExceeded || now.isBefore(deadline)) {
            return false;
        }
        deadlineExceeded = true;
        ctx.event(
                PodEvents.WARNING,
                "DeadlineExceeded",
                ctx.podName,
                "Pod was active on the node longer than the specified deadline",
                now);
        for (ContainerSlot s : allSlots()) {
            stops.beginStop(s, "DeadlineExceeded", now, ctx.grace());
        }
        return true;
    }

    private List<ContainerSlot> allSlots() {
        List<ContainerSlot> all = new ArrayList<>(initSlots);
        all.addAll(slots);
        return all;
    }

    private boolean preparePod(Instant now) {
        if (preparing || (prepareNotBefore != null && now.isBefore(prepareNotBefore))) {
            return false;
        }
        preparing = true;
        ctx.work(() -> {
            RuntimeFailure failure = null;
            try {
                ctx.runtime.preparePod(ctx.spec);
            } catch (RuntimeFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new RuntimeFailure(
                        "CreateContainerConfigError", "the container runtime is unavailable: " + e.getMessage(), e);
            }
            RuntimeFailure f = failure;
            synchronized (this) {
                preparing = false;
                Instant at = ctx.now();
                if (f == null) {
                    prepared = true;
                    return;
                }
                prepareNotBefore = at.plus(prepareBackOff.afterFailure());
                ctx.event(PodEvents.WARNING, "FailedMount", ctx.podName, f.getMessage(), at);
                allSlots().forEach(s -> s.waiting(f.reason(), f.getMessage()));
            }
        });
        return true;
    }

    private boolean runInitContainers(Instant now) {
        for (ContainerSlot s : initSlots) {
            if (s.succeeded()) {
                continue;
            }
            if (s.finished) {
                initFailed = true;
                return false;
            }
            return starts.startIfDue(s, now);
        }
        return false;
    }

    private boolean driveStops(Instant now) {
        boolean changed = false;
        for (ContainerSlot s : allSlots()) {
            changed |= stops.driveStop(s, now);
        }
        return changed;
    }

    private boolean finishTermination() {
        if (cleaningUp || preparing || allSlots().stream().anyMatch(s -> s.alive() || s.busy)) {
            return false;
        }
        cleaningUp = true;
        try {
            for (ContainerSlot s : allSlots()) {
                for (Run r : new Run[] {s.previousRun, s.run}) {
                    if (r != null) {
                        ctx.runtime.remove(r);
                    }
                }
            }
            ctx.runtime.cleanupPod();
        } catch (RuntimeException e) {
            // The Pod is over either way; what is left behind is the runtime's to collect.
            LOG.warn("Pod {}: cleaning up after it failed: {}", ctx.podName, e.toString());
        }
        terminated = true;
        return true;
    }

    private Instant nextDue(Instant now) {
        Instant next = deadline != null && !deadlineExceeded ? deadline : null;
        for (ContainerSlot s : allSlots()) {
            next = earliest(next, s.notBefore != null && s.notBefore.isAfter(now) ? s.notBefore : null);
            if (s.pullFailedAt != null && "ErrImagePull".equals(s.waitingReason)) {
                next = earliest(next, s.pullFailedAt.plus(ContainerStarts.PULL_ERROR_SHOWN));
            }
            if (s.alive()) {
                next = earliest(next, ctx.runtime.nextChange(s.run));
                for (ProbeState p : new ProbeState[] {s.readiness, s.liveness}) {
                    next = earliest(next, p == null || s.stopping ? null : p.nextAt());
                }
            }
            next = earliest(next, s.stopping && !s.stopSent && !s.preStopRunning ? s.preStopDoneAt : null);
        }
        next = earliest(next, !prepared && !preparing ? prepareNotBefore : null);
        return next;
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }

    @Override
    public synchronized Snapshot snapshot() {
        List<ContainerStatus> init =
                initSlots.stream().map(ContainerSlot::status).toList();
        List<ContainerStatus> containers =
                slots.stream().map(ContainerSlot::status).toList();
        boolean stopped = ctx.terminating && terminated;
        return new Snapshot(
                PodPhase.of(ctx.spec, initSlots, slots, initFailed || deadlineExceeded, stopped),
                init,
                containers,
                ctx.events.list(),
                stopped);
    }

    @Override
    public String logs(String container, LogQuery query) throws IOException {
        return ctx.runtime.logs(logRun(container, query.previous()), query);
    }

    @Override
    public AutoCloseable follow(String container, LogQuery query, Consumer<String> lines) throws IOException {
        return ctx.runtime.follow(logRun(container, query.previous()), query, lines);
    }

    private synchronized Run logRun(String container, boolean previous) throws IOException {
        return slot(container).logRun(previous, ctx.podName);
    }

    @Override
    public ExecProcess exec(String container, List<String> command, boolean tty, boolean stdin) throws IOException {
        Run run;
        synchronized (this) {
            ContainerSlot s = slot(container);
            if (!s.alive()) {
                throw new IOException("container \"" + container + "\" in pod \"" + ctx.podName + "\" is not running");
            }
            run = s.run;
        }
        return ctx.runtime.exec(run, command, tty, stdin);
    }

    @Override
    public List<GroupMetrics.ContainerMetrics> stats() throws IOException {
        List<ContainerSlot> running;
        synchronized (this) {
            running = slots.stream().filter(ContainerSlot::alive).toList();
        }
        List<GroupMetrics.ContainerMetrics> out = new ArrayList<>();
        for (ContainerSlot s : running) {
            Run run;
            synchronized (this) {
                run = s.run;
            }
            out.add(ctx.runtime.stats(run, s.spec));
        }
        return out;
    }

    private ContainerSlot slot(String name) throws IOException {
        for (ContainerSlot s : allSlots()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IOException("container \"" + name + "\" not found in pod \"" + ctx.podName + "\"");
    }

    /** Starts terminating the Pod with its own grace period, without waiting. */
    public void terminate() {
        Duration grace;
        synchronized (this) {
            if (ctx.spec == null) {
                return;
            }
            grace = ctx.grace();
        }
        stop(grace);
    }

    @Override
    public void stop(Duration gracePeriod) {
        synchronized (this) {
            if (ctx.spec == null || ctx.terminating) {
                return;
            }
            ctx.terminating = true;
            ctx.stopGrace = gracePeriod.isNegative() ? Duration.ZERO : gracePeriod;
            Instant now = ctx.now();
            for (ContainerSlot s : allSlots()) {
                stops.beginStop(s, "the Pod is terminating", now, ctx.stopGrace);
            }
        }
        ctx.pacer.wake();
    }

    /** True once every container stopped and the Pod's sandbox is gone. */
    public synchronized boolean terminated() {
        return terminated || ctx.spec == null;
    }

    @Override
    public void close() {
        terminate();
        Duration max;
        synchronized (this) {
            max = ctx.spec == null ? Duration.ZERO : ctx.stopGrace.plusSeconds(30);
        }
        if (!ctx.pacer.runUntil(this::terminated, max)) {
            LOG.warn("Pod {}: containers still stopping after {}s", ctx.podName, max.toSeconds());
        }
        ctx.pacer.close();
        ctx.runtime.close();
    }
}
