package dev.ecivk.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The embedded clouds' model of what a container process does, for simulated runtimes outside this package (the VM
 * agent's): the same reading of commands, probe commands, exec shells and resource usage the embedded ECI uses, so a
 * Pod behaves alike on every embedded backend.
 */
public final class ProcessModel {

    /** A log line written {@code offset} after the process started. */
    public record LogLine(Duration offset, String text) {}

    /**
     * What one run of a command does.
     *
     * @param runtime how long it runs; null = until stopped
     * @param exitCode its exit code when it ends by itself
     */
    public record Plan(Duration runtime, int exitCode, List<LogLine> lines) {
        public Plan {
            lines = List.copyOf(lines);
        }

        public boolean finite() {
            return runtime != null;
        }
    }

    /**
     * What the model sees of a container: its environment, host name, config files (absolute path to content) and
     * the directories mounted whole from config volumes, which it knows completely (a file not among them is absent).
     */
    public record ContainerView(
            Map<String, String> env, String hostname, Map<String, byte[]> files, Set<String> mountedDirectories) {
        public ContainerView {
            env = Map.copyOf(env);
            files = Map.copyOf(files);
            mountedDirectories = Set.copyOf(mountedDirectories);
        }

        ContainerFiles containerFiles() {
            return ContainerFiles.of(files, mountedDirectories);
        }
    }

    /** One sample of a container's usage: nanocores now, core-nanoseconds so far, memory in bytes. */
    public record Usage(
            long usageNanoCores, long usageCoreNanoSeconds, long workingSetBytes, long rssBytes, long cacheBytes) {
        public long usageBytes() {
            return workingSetBytes + cacheBytes;
        }
    }

    /** The model's own programs: run as PID 1 they install no SIGTERM handler. */
    private static final Set<String> MODELLED = Set.of("sleep", "echo", "exit", "true", "false", ":");

    private static final double GIB = 1024.0 * 1024 * 1024;
    /** 128 + SIGTERM: how a process that handles the signal by ending reports it. */
    private static final int SIGTERM_EXIT = 143;

    private ProcessModel() {}

    /** A container's main process: {@code sleep}, {@code exit}, {@code echo}, scripts of those; else it runs on. */
    public static Plan plan(List<String> commands, List<String> args) {
        return toPlan(CommandModel.of(commands, args));
    }

    /**
     * A probe's or hook's command in {@code container}, by the embedded ECI's rule for probes ({@link ExecShell} in
     * probe mode): programs and files the model knows keep their result ({@code sh -c 'exit 1'} fails, {@code test -f}
     * looks at the files, {@code sleep 5} takes 5 s); any other program ({@code redis-cli ping}, {@code pg_isready})
     * succeeds at once, as it would against a healthy image, because the model cannot run it. The plan's lines are
     * what the command wrote into the container's log ({@code echo draining > /proc/1/fd/1}).
     */
    public static Plan action(List<String> argv, ContainerView container) {
        if (argv.isEmpty()) {
            return new Plan(Duration.ZERO, 0, List.of());
        }
        ExecShell.Result r = ExecShell.probes(container.env(), container.hostname(), container.containerFiles())
                .run(argv);
        List<LogLine> log = new ArrayList<>();
        r.pid1().forEach(l -> log.add(new LogLine(l.offset(), l.text())));
        return new Plan(r.took(), r.status(), log);
    }

    /**
     * What the container's main process does when SIGTERM arrives, timed from the signal: the plan's lines are what
     * it then writes, and a finite plan ends the process with its exit code; an infinite one leaves it running (until
     * SIGKILL). A script's {@code trap '<handler>' TERM} runs the handler, which ends the process if it exits and
     * otherwise lets the script carry on; {@code trap '' TERM} ignores the signal. Without a handler PID 1 ignores
     * SIGTERM: the model's own programs ({@code sleep}, shell scripts) run on, while any other program (a server such
     * as nginx or redis, or the image's own entrypoint) handles it and exits with 143.
     */
    public static Plan sigterm(List<String> commands, List<String> args) {
        List<String> argv = new ArrayList<>(commands);
        argv.addAll(args);
        if (argv.isEmpty()) {
            return new Plan(Duration.ZERO, SIGTERM_EXIT, List.of());
        }
        String onTerm = CommandModel.of(commands, args).onTerm();
        if (onTerm != null) {
            CommandModel.Handler handler = CommandModel.handler(onTerm);
            Plan run = toPlan(handler.run());
            return handler.exits() && run.finite() ? run : new Plan(null, 0, run.lines());
        }
        String exe = CommandModel.basename(argv.get(0));
        return ExecShell.isShell(argv) || MODELLED.contains(exe)
                ? new Plan(null, 0, List.of())
                : new Plan(Duration.ZERO, SIGTERM_EXIT, List.of());
    }

    /**
     * An exec session in {@code container}: the commands {@link ExecShell} understands, anything else exits 127 as a
     * shell would.
     */
    public static ShellSession shell(
            List<String> command, boolean tty, boolean stdin, ContainerView container, ShellSession.Output output) {
        return new ShellSession(
                ExecShell.session(container.env(), container.hostname(), container.containerFiles()),
                command,
                tty,
                stdin,
                output);
    }

    /**
     * The usage of a container with {@code cores} and {@code gib} of limits at {@code t}: 5-15% of its cpu and about
     * a third of its memory while running, nothing when stopped; deterministic in time, so repeated reads agree.
     */
    public static Usage usage(String name, double cores, double gib, boolean running, long upSeconds, Instant t) {
        double fraction = running ? 0.10 + 0.05 * Math.sin(t.getEpochSecond() / 30.0 + name.hashCode()) : 0;
        long limitBytes = (long) (gib * GIB);
        return new Usage(
                (long) (cores * 1e9 * fraction),
                (long) (cores * 1e9 * 0.10 * upSeconds),
                running ? (long) (limitBytes * 0.30) : 0,
                running ? (long) (limitBytes * 0.25) : 0,
                running ? (long) (limitBytes * 0.05) : 0);
    }

    private static Plan toPlan(CommandModel.Behaviour b) {
        List<LogLine> lines = new ArrayList<>();
        for (CommandModel.TimedLine l : b.lines()) {
            lines.add(new LogLine(l.offset(), l.text()));
        }
        return new Plan(b.runtime(), b.exitCode(), lines);
    }
}
