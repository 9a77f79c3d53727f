package dev.ecivk.simulator;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** One container (or init container) of a simulated group: its spec, its runs and its restart bookkeeping. */
final class SimContainer {

    /** A log line written at {@code at}. */
    record Line(Instant at, String text) {}

    /** One run of the container's process. Guarded by the owning group's lock. */
    static final class Run {
        final Instant start;
        final Instant plannedEnd;
        final int plannedExit;
        final String plannedReason;
        final List<Line> lines;
        Instant end;
        Integer exitCode;
        String reason;
        String message;

        Run(Instant start, Instant plannedEnd, int plannedExit, String plannedReason, List<Line> lines) {
            this.start = start;
            this.plannedEnd = plannedEnd;
            this.plannedExit = plannedExit;
            this.plannedReason = plannedReason;
            this.lines = lines;
        }

        boolean running() {
            return end == null;
        }

        void stop(Instant at, int code, String why) {
            if (end == null) {
                end = at;
                exitCode = code;
                reason = why;
            }
        }

        List<Line> visibleLines(Instant now) {
            List<Line> out = new ArrayList<>();
            for (Line l : lines) {
                if (!l.at().isAfter(now) && (end == null || !l.at().isAfter(end))) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    final FlatParams.Node spec;
    final String name;
    final String image;
    final boolean init;
    final CommandModel.Behaviour behaviour;
    final RestartBackOff backOff;
    private final List<Integer> ports;
    private final FlatParams.Node readiness;
    private final FlatParams.Node liveness;
    /*
     * The outcomes of the exec probes (null: no exec probe) and of the postStart hook (null: none), computed once:
     * they depend only on the files and environment the container was created with.
     */
    private final Boolean readinessExecPasses;
    private final Boolean livenessExecPasses;
    private final List<String> postStartCommand;
    private final Integer postStartStatus;
    Run current;
    Run previous;
    int restartCount;
    Instant restartAt;
    /** The kubelet's message while the container waits out its back-off. */
    String backOffMessage;

    /**
     * @param backOffPolicy the crash-loop back-off of this container
     * @param probeShell the shell its exec probes and hooks run in (called at most once, and only if it has some)
     */
    SimContainer(
            FlatParams.Node spec,
            boolean init,
            RestartBackOff.Policy backOffPolicy,
            Function<SimContainer, ExecShell> probeShell) {
        this.spec = spec;
        this.name = spec.str("Name");
        this.image = spec.str("Image");
        this.init = init;
        this.behaviour = CommandModel.of(spec.strings("Command"), spec.strings("Arg"));
        this.backOff = new RestartBackOff(backOffPolicy);
        this.ports = declaredPorts(spec);
        this.readiness = init ? null : spec.child("ReadinessProbe");
        this.liveness = init ? null : spec.child("LivenessProbe");
        this.postStartCommand = init ? List.of() : spec.strings("LifecyclePostStartHandlerExec");
        ExecShell shell =
                execCommand(readiness).isEmpty() && execCommand(liveness).isEmpty() && postStartCommand.isEmpty()
                        ? null
                        : probeShell.apply(this);
        this.readinessExecPasses = execPasses(readiness, shell);
        this.livenessExecPasses = execPasses(liveness, shell);
        this.postStartStatus = postStartCommand.isEmpty() ? null : shell.status(postStartCommand);
    }

    private static List<String> execCommand(FlatParams.Node probe) {
        FlatParams.Node exec = probe == null ? null : probe.child("Exec");
        return exec == null ? List.of() : exec.strings("Command");
    }

    /** An exec probe passes when its command succeeds within the probe's timeout (1 s by default), as kubelets do. */
    private static Boolean execPasses(FlatParams.Node probe, ExecShell shell) {
        List<String> command = execCommand(probe);
        if (command.isEmpty()) {
            return null;
        }
        ExecShell.Result r = shell.run(command);
        Duration timeout = Duration.ofSeconds(orDefault(probe.integer("TimeoutSeconds"), 1));
        return r.status() == 0 && r.took() != null && r.took().compareTo(timeout) <= 0;
    }

    boolean running() {
        return current != null && current.running();
    }

    boolean started() {
        return current != null;
    }

    List<Integer> ports() {
        return ports;
    }

    private static List<Integer> declaredPorts(FlatParams.Node spec) {
        List<Integer> out = new ArrayList<>();
        for (FlatParams.Node p : spec.nodes("Port")) {
            Integer port = p.integer("Port");
            if (port != null) {
                out.add(port);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Starts a new run at {@code at}; a failing postStart hook kills it at once and a failing liveness probe cuts it
     * short, both with exit code 137.
     */
    void start(Instant at, Set<Integer> groupPorts) {
        if (current != null) {
            previous = current;
            restartCount++;
        }
        restartAt = null;
        backOff.restarted();
        backOffMessage = null;
        List<Line> lines = new ArrayList<>();
        for (CommandModel.TimedLine l : behaviour.lines()) {
            lines.add(new Line(at.plus(l.offset()), l.text()));
        }
        Instant end = behaviour.finite() ? at.plus(behaviour.runtime()) : null;
        int exit = behaviour.exitCode();
        String reason = exit == 0 ? "Completed" : "Error";
        if (liveness != null && !probeSucceeds(liveness, livenessExecPasses, groupPorts)) {
            Instant killAt = at.plusSeconds(orDefault(liveness.integer("InitialDelaySeconds"), 0)
                    + (long) orDefault(liveness.integer("PeriodSeconds"), 10)
                            * orDefault(liveness.integer("FailureThreshold"), 3));
            if (end == null || killAt.isBefore(end)) {
                end = killAt;
                exit = 137;
                reason = "Error";
            }
        }
        if (postStartFailed()) {
            end = at;
            exit = 137;
            reason = "Error";
        }
        current = new Run(at, end, exit, reason, lines);
    }

    /** Whether the postStart hook fails: the kubelet then kills the container (event FailedPostStartHook). */
    boolean postStartFailed() {
        return postStartStatus != null && postStartStatus != 0;
    }

    /** The kubelet's words for a failed postStart hook. */
    String postStartFailure() {
        String command = String.join(" ", postStartCommand);
        return "Exec lifecycle hook ([" + command + "]) for Container \"" + name + "\" failed - error: command '"
                + command + "' exited with " + postStartStatus;
    }

    /** Ends the current run if its process has ended by {@code now}. */
    boolean finishIfDue(Instant now) {
        if (running() && current.plannedEnd != null && !current.plannedEnd.isAfter(now)) {
            current.stop(current.plannedEnd, current.plannedExit, current.plannedReason);
            return true;
        }
        return false;
    }

    boolean ready(Instant now, Set<Integer> groupPorts) {
        if (!running() || init) {
            return false;
        }
        if (readiness == null) {
            return true;
        }
        Instant from = current.start.plusSeconds(orDefault(readiness.integer("InitialDelaySeconds"), 0));
        return !now.isBefore(from) && probeSucceeds(readiness, readinessExecPasses, groupPorts);
    }

    /**
     * When the current run becomes ready, or null if it never does (not running, an init container, a failing
     * readiness probe): the engine wakes up then, because a readiness flip is a status change.
     */
    Instant readyFrom(Set<Integer> groupPorts) {
        if (!running() || init) {
            return null;
        }
        if (readiness == null) {
            return current.start;
        }
        if (!probeSucceeds(readiness, readinessExecPasses, groupPorts)) {
            return null;
        }
        return current.start.plusSeconds(orDefault(readiness.integer("InitialDelaySeconds"), 0));
    }

    /**
     * httpGet/tcpSocket succeed on a port some container declares; exec probes succeed unless the model knows their
     * command fails (see {@link ExecShell}).
     */
    private static boolean probeSucceeds(FlatParams.Node probe, Boolean execPasses, Set<Integer> groupPorts) {
        if (execPasses != null) {
            return execPasses;
        }
        FlatParams.Node http = probe.child("HttpGet");
        if (http != null && http.integer("Port") != null) {
            return groupPorts.contains(http.integer("Port"));
        }
        FlatParams.Node tcp = probe.child("TcpSocket");
        if (tcp != null && tcp.integer("Port") != null) {
            return groupPorts.contains(tcp.integer("Port"));
        }
        return false;
    }

    Duration uptime(Instant now) {
        if (current == null) {
            return Duration.ZERO;
        }
        Instant end = current.end == null ? now : current.end;
        return Duration.between(current.start, end);
    }

    static int orDefault(Integer v, int dflt) {
        return v == null ? dflt : v;
    }
}
