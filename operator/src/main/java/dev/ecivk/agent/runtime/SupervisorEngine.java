package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerSpec.Handler;
import dev.ecivk.provider.model.ContainerSpec.Probe;
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
    private static final long DEFAULT_GRACE_SECONDS = 30;
    /** The kubelet gives a container at least this long between SIGTERM and SIGKILL, whatever preStop used. */
    private static final Duration MIN_STOP_GRACE = Duration.ofSeconds(2);
    /** ErrImagePull shows this long after a failed pull before the reason turns to ImagePullBackOff. */
    private static final Duration PULL_ERROR_SHOWN = Duration.ofSeconds(1);
    /** Termination messages over this are cut, as the kubelet cuts them. */
    private static final int FALLBACK_LOG_LINES = 80;

    private final ContainerRuntime runtime;
    private final Pacer pacer;
    private final Executor workers;
    private final PodEvents events = new PodEvents();

    private ContainerGroupSpec spec;
    private String podName;
    private final List<ContainerSlot> initSlots = new ArrayList<>();
    private final List<ContainerSlot> slots = new ArrayList<>();
    private boolean prepared;
    private boolean preparing;
    private final RestartBackOff prepareBackOff = new RestartBackOff();
    private Instant prepareNotBefore;
    private boolean initFailed;
    private boolean terminating;
    private boolean cleaningUp;
    private boolean terminated;

    protected SupervisorEngine(ContainerRuntime runtime, Pacer pacer, Executor workers) {
        this.runtime = runtime;
        this.pacer = pacer;
        this.workers = workers;
    }

    @Override
    public void start(ContainerGroupSpec podSpec) {
        synchronized (this) {
            if (spec != null) {
                throw new IllegalStateException("already started");
            }
            spec = podSpec;
            podName = podSpec.name();
            podSpec.initContainers().forEach(c -> initSlots.add(new ContainerSlot(c, true)));
            podSpec.containers().forEach(c -> slots.add(new ContainerSlot(c, false)));
            if (initSlots.isEmpty()) {
                slots.forEach(s -> s.waiting(ContainerSlot.CONTAINER_CREATING, null));
            } else {
                slots.forEach(s -> s.waiting(ContainerSlot.POD_INITIALIZING, null));
            }
        }
        pacer.start(this::sync);
    }

    /** Does what is due now; returns when something is next due (null: nothing planned). */
    synchronized Instant sync() {
        if (spec == null || terminated) {
            return null;
        }
        Instant now = pacer.clock().instant();
        // Workers that finish inline (the simulated runtime) change state during a pass; a few passes settle it.
        for (int pass = 0; pass < 8; pass++) {
            if (!step(now)) {
                break;
            }
        }
        return nextDue(now);
    }

    private boolean step(Instant now) {
        boolean changed = observeRuns(now);
        if (terminating) {
            return driveStops(now) | finishTermination() | changed;
        }
        if (!prepared) {
            return preparePod(now) | changed;
        }
        changed |= runInitContainers(now);
        if (!initFailed && initSlots.stream().allMatch(ContainerSlot::succeeded)) {
            for (ContainerSlot s : slots) {
                changed |= startIfDue(s, now);
            }
        }
        for (ContainerSlot s : allSlots()) {
            changed |= runProbes(s, now) | driveStop(s, now) | showPullBackOff(s, now);
        }
        return changed;
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
        work(() -> {
            RuntimeFailure failure = null;
            try {
                runtime.preparePod(spec);
            } catch (RuntimeFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new RuntimeFailure("CreateContainerConfigError", String.valueOf(e.getMessage()), e);
            }
            RuntimeFailure f = failure;
            synchronized (this) {
                preparing = false;
                Instant at = pacer.clock().instant();
                if (f == null) {
                    prepared = true;
                    return;
                }
                prepareNotBefore = at.plus(prepareBackOff.delayAfterFailure());
                event(PodEvents.WARNING, "FailedMount", podName, f.getMessage(), at);
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
            return startIfDue(s, now);
        }
        return false;
    }

    private boolean observeRuns(Instant now) {
        boolean changed = false;
        for (ContainerSlot s : allSlots()) {
            if (!s.alive()) {
                continue;
            }
            RunStatus status = runtime.status(s.run);
            s.runStatus = status;
            if (!status.running()) {
                onRunEnded(s, status, now);
                changed = true;
            }
        }
        return changed;
    }

    private void onRunEnded(ContainerSlot s, RunStatus status, Instant now) {
        boolean podStopping = terminating;
        ContainerState t = s.ended(status, terminationMessage(s, status), now);
        boolean restart = !podStopping && restarts(s, status.exitCode());
        if (!restart) {
            s.finish(t);
            if (s.init && status.exitCode() != 0) {
                initFailed = true;
            }
            return;
        }
        Duration delay = s.crashBackOff.delayAfterRun(s.lastRunLength(now));
        Instant finishedAt = t.finishTime() == null ? now : t.finishTime();
        s.notBefore = finishedAt.plus(delay);
        if (delay.isZero()) {
            s.waiting(ContainerSlot.CONTAINER_CREATING, null);
        } else {
            s.waiting(
                    "CrashLoopBackOff",
                    "back-off " + seconds(delay) + " restarting failed container=" + s.name() + " pod=" + podName);
            event(
                    PodEvents.WARNING,
                    "BackOff",
                    s.name(),
                    "Back-off restarting failed container " + s.name() + " in pod " + podName,
                    now);
        }
    }

    /** The kubelet's rule: Always restarts any exit, OnFailure a non-zero one; init containers only on failure. */
    private boolean restarts(ContainerSlot s, int exitCode) {
        String policy = spec.restartPolicy() == null ? "Always" : spec.restartPolicy();
        if (s.init) {
            return exitCode != 0 && !"Never".equals(policy);
        }
        return "Always".equals(policy) || ("OnFailure".equals(policy) && exitCode != 0);
    }

    private String terminationMessage(ContainerSlot s, RunStatus status) {
        String message = runtime.terminationMessage(s.run, s.spec);
        if ((message == null || message.isEmpty())
                && status.exitCode() != 0
                && "FallbackToLogsOnError".equals(s.spec.terminationMessagePolicy())) {
            try {
                message = runtime.logs(s.run, new LogQuery(FALLBACK_LOG_LINES, null, null, 2048L, false, false));
            } catch (IOException | RuntimeException e) {
                message = "";
            }
        }
        return message;
    }

    private boolean startIfDue(ContainerSlot s, Instant now) {
        if (!s.startable(now)) {
            return false;
        }
        s.busy = true;
        int attempt = s.attempts;
        work(() -> {
            Run run = null;
            RuntimeFailure failure = null;
            try {
                event(PodEvents.NORMAL, "Pulling", s.name(), "Pulling image \"" + s.spec.image() + "\"", null);
                boolean pulled = runtime.pullImage(s.spec, spec.imageRegistryCredentials());
                event(
                        PodEvents.NORMAL,
                        "Pulled",
                        s.name(),
                        pulled
                                ? "Successfully pulled image \"" + s.spec.image() + "\""
                                : "Container image \"" + s.spec.image() + "\" already present on machine",
                        null);
                run = runtime.start(s.spec, attempt);
                event(PodEvents.NORMAL, "Created", s.name(), "Created container " + s.name(), null);
                event(PodEvents.NORMAL, "Started", s.name(), "Started container " + s.name(), null);
            } catch (RuntimeFailure e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new RuntimeFailure("RunContainerError", String.valueOf(e.getMessage()), e);
            }
            Run started = run;
            RuntimeFailure f = failure;
            synchronized (this) {
                s.busy = false;
                Instant at = pacer.clock().instant();
                if (f != null) {
                    onStartFailed(s, f, at);
                } else {
                    onStarted(s, started, at);
                }
            }
        });
        return true;
    }

    private void onStartFailed(ContainerSlot s, RuntimeFailure f, Instant at) {
        boolean pull = f.reason().startsWith("ErrImage");
        s.waiting(f.reason(), f.getMessage());
        s.pullFailedAt = pull ? at : null;
        s.notBefore = at.plus(s.pullBackOff.delayAfterFailure());
        String message = pull ? "Failed to pull image \"" + s.spec.image() + "\": " + f.getMessage() : f.getMessage();
        event(PodEvents.WARNING, "Failed", s.name(), message, at);
        LOG.info("Pod {} container {}: {} {}", podName, s.name(), f.reason(), f.getMessage());
    }

    private boolean showPullBackOff(ContainerSlot s, Instant now) {
        if (s.pullFailedAt == null
                || !"ErrImagePull".equals(s.waitingReason)
                || now.isBefore(s.pullFailedAt.plus(PULL_ERROR_SHOWN))) {
            return false;
        }
        s.waiting("ImagePullBackOff", "Back-off pulling image \"" + s.spec.image() + "\"");
        event(PodEvents.NORMAL, "BackOff", s.name(), "Back-off pulling image \"" + s.spec.image() + "\"", now);
        return true;
    }

    private void onStarted(ContainerSlot s, Run run, Instant at) {
        if (s.previousRun != null) {
            runtime.remove(s.previousRun);
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
        if (terminating) {
            beginStop(s, "the Pod is terminating", at, grace());
            return;
        }
        if (s.spec.postStart() != null) {
            runPostStart(s, run);
        }
    }

    private void runPostStart(ContainerSlot s, Run run) {
        s.postStartRunning = true;
        Duration grace = grace();
        work(() -> {
            ActionResult r = runHandler(run, s.spec.postStart(), grace);
            synchronized (this) {
                if (s.run != run) {
                    return;
                }
                s.postStartRunning = false;
                if (!succeeded(r, grace)) {
                    Instant at = pacer.clock().instant();
                    event(PodEvents.WARNING, "FailedPostStartHook", s.name(), hookMessage("PostStartHook", r), at);
                    beginStop(s, "FailedPostStartHook", at, grace);
                }
            }
        });
    }

    private boolean runProbes(ContainerSlot s, Instant now) {
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

    private void launchProbe(ContainerSlot s, ProbeState p, Instant launchedAt) {
        p.launched();
        Run run = s.run;
        work(() -> {
            ActionResult r = runProbe(run, p.probe, p.timeout());
            synchronized (this) {
                if (s.run != run || !s.alive()) {
                    return;
                }
                boolean ok = succeeded(r, p.timeout());
                boolean flipped = p.record(ok, launchedAt);
                Instant at = pacer.clock().instant();
                if (!ok) {
                    String why =
                            r.success() ? "timeout: probe did not answer within " + seconds(p.timeout()) : r.message();
                    event(PodEvents.WARNING, "Unhealthy", s.name(), p.kind + " probe failed: " + why, at);
                }
                if (flipped && p == s.liveness && !p.passing()) {
                    event(
                            PodEvents.NORMAL,
                            "Killing",
                            s.name(),
                            "Container " + s.name() + " failed liveness probe, will be restarted",
                            at);
                    beginStop(s, "liveness", at, grace());
                }
            }
        });
    }

    private ActionResult runProbe(Run run, Probe probe, Duration timeout) {
        if (!probe.execCommands().isEmpty()) {
            return runtime.execAction(run, probe.execCommands(), timeout);
        }
        if (probe.httpGet() != null) {
            return runtime.httpGet(
                    probe.httpGet().scheme(),
                    probe.httpGet().port(),
                    probe.httpGet().path(),
                    timeout);
        }
        if (probe.tcpSocketPort() != null) {
            return runtime.tcpConnect(probe.tcpSocketPort(), timeout);
        }
        return ActionResult.ok(Duration.ZERO);
    }

    private ActionResult runHandler(Run run, Handler h, Duration timeout) {
        return runProbe(
                run,
                new Probe(h.execCommands(), h.httpGet(), h.tcpSocketPort(), null, null, null, null, null),
                timeout);
    }

    /** A result counts only if it came within the timeout (the simulated runtime reports how long it would take). */
    private static boolean succeeded(ActionResult r, Duration timeout) {
        return r.success() && r.took() != null && r.took().compareTo(timeout) <= 0;
    }

    private static String hookMessage(String hook, ActionResult r) {
        String why = r.success() ? "it did not finish within the grace period" : r.message();
        return hook + " failed: " + why;
    }

    /** Starts stopping a running container: preStop first, then SIGTERM, then SIGKILL when the grace is over. */
    private void beginStop(ContainerSlot s, String cause, Instant now, Duration grace) {
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
        work(() -> {
            ActionResult r = runHandler(run, preStop, grace);
            synchronized (this) {
                if (s.run != run || !s.stopping) {
                    return;
                }
                s.preStopRunning = false;
                Duration took = r.took() == null || r.took().compareTo(grace) > 0 ? grace : r.took();
                s.preStopDoneAt = now.plus(took);
                if (!succeeded(r, grace)) {
                    event(PodEvents.WARNING, "FailedPreStopHook", s.name(), hookMessage("PreStopHook", r), now);
                }
            }
        });
    }

    private boolean driveStop(ContainerSlot s, Instant now) {
        if (!s.stopping || s.stopSent || s.preStopRunning || s.busy || now.isBefore(s.preStopDoneAt)) {
            return false;
        }
        Duration left = Duration.between(now, s.stopDeadline);
        Duration grace = left.compareTo(MIN_STOP_GRACE) < 0 ? MIN_STOP_GRACE : left;
        s.stopSent = true;
        s.busy = true;
        Run run = s.run;
        work(() -> {
            try {
                runtime.stop(run, grace);
            } catch (RuntimeException e) {
                LOG.warn("Pod {} container {}: stop failed: {}", podName, s.name(), e.toString());
            }
            synchronized (this) {
                s.busy = false;
            }
        });
        return true;
    }

    private boolean driveStops(Instant now) {
        boolean changed = false;
        for (ContainerSlot s : allSlots()) {
            changed |= driveStop(s, now);
        }
        return changed;
    }

    private boolean finishTermination() {
        if (cleaningUp || allSlots().stream().anyMatch(s -> s.alive() || s.busy)) {
            return false;
        }
        cleaningUp = true;
        for (ContainerSlot s : allSlots()) {
            for (Run r : new Run[] {s.previousRun, s.run}) {
                if (r != null) {
                    runtime.remove(r);
                }
            }
        }
        runtime.cleanupPod();
        terminated = true;
        return true;
    }

    private Duration grace() {
        Long seconds = spec.terminationGracePeriodSeconds();
        return Duration.ofSeconds(seconds == null || seconds < 0 ? DEFAULT_GRACE_SECONDS : seconds);
    }

    private Instant nextDue(Instant now) {
        Instant next = null;
        for (ContainerSlot s : allSlots()) {
            next = earliest(next, s.notBefore != null && s.notBefore.isAfter(now) ? s.notBefore : null);
            if (s.pullFailedAt != null && "ErrImagePull".equals(s.waitingReason)) {
                next = earliest(next, s.pullFailedAt.plus(PULL_ERROR_SHOWN));
            }
            if (s.alive()) {
                next = earliest(next, runtime.nextChange(s.run));
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

    private void event(String type, String reason, String object, String message, Instant at) {
        events.add(type, reason, object, message, at == null ? pacer.clock().instant() : at);
    }

    private void work(Runnable task) {
        workers.execute(() -> {
            try {
                task.run();
            } finally {
                pacer.wake();
            }
        });
    }

    private static String seconds(Duration d) {
        long s = d.toSeconds();
        return s >= 60 && s % 60 == 0 ? (s / 60) + "m0s" : s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }

    @Override
    public synchronized Snapshot snapshot() {
        List<ContainerStatus> init =
                initSlots.stream().map(ContainerSlot::status).toList();
        List<ContainerStatus> containers =
                slots.stream().map(ContainerSlot::status).toList();
        return new Snapshot(PodPhase.of(spec, initSlots, slots, initFailed), init, containers, events.list());
    }

    @Override
    public String logs(String container, LogQuery query) throws IOException {
        return runtime.logs(logRun(container, query.previous()), query);
    }

    @Override
    public AutoCloseable follow(String container, LogQuery query, Consumer<String> lines) throws IOException {
        return runtime.follow(logRun(container, query.previous()), query, lines);
    }

    private synchronized Run logRun(String container, boolean previous) throws IOException {
        return slot(container).logRun(previous, podName);
    }

    @Override
    public ExecProcess exec(String container, List<String> command, boolean tty, boolean stdin) throws IOException {
        Run run;
        synchronized (this) {
            ContainerSlot s = slot(container);
            if (!s.alive()) {
                throw new IOException("container \"" + container + "\" in pod \"" + podName + "\" is not running");
            }
            run = s.run;
        }
        return runtime.exec(run, command, tty, stdin);
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
            out.add(runtime.stats(run, s.spec));
        }
        return out;
    }

    private ContainerSlot slot(String name) throws IOException {
        for (ContainerSlot s : allSlots()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IOException("container \"" + name + "\" not found in pod \"" + podName + "\"");
    }

    /** Starts terminating the Pod without waiting: preStop hooks, SIGTERM, SIGKILL after the grace period. */
    public void terminate() {
        synchronized (this) {
            if (spec == null || terminating) {
                return;
            }
            terminating = true;
            Instant now = pacer.clock().instant();
            for (ContainerSlot s : allSlots()) {
                beginStop(s, "the Pod is terminating", now, grace());
            }
        }
        pacer.wake();
    }

    /** True once every container stopped and the Pod's sandbox is gone. */
    public synchronized boolean terminated() {
        return terminated || spec == null;
    }

    @Override
    public void close() {
        terminate();
        Duration max = spec == null ? Duration.ZERO : grace().plusSeconds(30);
        if (!pacer.runUntil(this::terminated, max)) {
            LOG.warn("Pod {}: containers still stopping after {}s", podName, max.toSeconds());
        }
        pacer.close();
        runtime.close();
    }
}
