package dev.ecivk.agent.runtime.sim;

import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.agent.runtime.LogText;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.simulator.ProcessModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One run of a simulated container: what the behaviour model says its command does, laid out in time from its start,
 * and how it answers signals. Its state is computed from the clock; guarded by the owning runtime.
 */
final class SimRun implements Run {
    /** 128 + SIGKILL. */
    static final int SIGKILL_EXIT = 137;

    private final String id;
    final ContainerSpec spec;
    final Instant start;
    private final Instant plannedEnd;
    private final int plannedExit;
    /** The log, in time order (lines may be planned ahead of the clock). */
    final List<LogText.Line> lines = new ArrayList<>();

    private final List<Follower> followers = new ArrayList<>();
    private Instant end;
    private int exitCode;
    /** When the process ends of the SIGTERM it was sent, and how; null when it was not or does not end of it. */
    private Instant termEnd;

    private int termExit;
    private Instant killAt;

    /** A {@code logs -f} reader: gets each line once, when the clock reaches it. */
    private static final class Follower {
        final Consumer<String> sink;
        final boolean timestamps;
        int delivered;
        boolean closed;

        Follower(Consumer<String> sink, boolean timestamps, int delivered) {
            this.sink = sink;
            this.timestamps = timestamps;
            this.delivered = delivered;
        }
    }

    SimRun(String id, ContainerSpec spec, Instant start) {
        this.id = id;
        this.spec = spec;
        this.start = start;
        ProcessModel.Plan plan = ProcessModel.plan(spec.commands(), spec.args());
        this.plannedEnd = plan.finite() ? start.plus(plan.runtime()) : null;
        this.plannedExit = plan.exitCode();
        write(start, plan.lines());
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String containerName() {
        return spec.name();
    }

    /**
     * Brings the run up to {@code now}: ends it when its process ended by itself, of SIGTERM or of SIGKILL, whichever
     * came first, and feeds followers.
     */
    RunStatus advance(Instant now) {
        if (end == null) {
            endAt(now, plannedEnd, plannedExit);
            endAt(now, termEnd, termExit);
            endAt(now, killAt, SIGKILL_EXIT);
        }
        feedFollowers(now);
        return end == null ? RunStatus.running(start) : RunStatus.exited(start, end, exitCode, false);
    }

    /** Ends the run at {@code at} with {@code code} if that is due and earlier than the end found so far. */
    private void endAt(Instant now, Instant at, int code) {
        if (at != null && !now.isBefore(at) && (end == null || at.isBefore(end))) {
            end = at;
            exitCode = code;
        }
    }

    /** Adds lines written from {@code from} on, keeping the log in time order. */
    void write(Instant from, List<ProcessModel.LogLine> written) {
        for (ProcessModel.LogLine l : written) {
            LogText.Line line = new LogText.Line(from.plus(l.offset()), l.text());
            int at = lines.size();
            while (at > 0 && lines.get(at - 1).at().isAfter(line.at())) {
                at--;
            }
            lines.add(at, line);
        }
    }

    boolean alive(Instant now) {
        return advance(now).running();
    }

    /**
     * SIGTERM now: the process answers as the model says (a handler's lines, its end); SIGKILL at the end of the grace
     * period if it is still running then.
     */
    void stop(Instant now, Duration grace) {
        if (!alive(now) || killAt != null) {
            return;
        }
        ProcessModel.Plan answer = ProcessModel.sigterm(spec.commands(), spec.args());
        write(now, answer.lines());
        if (answer.finite()) {
            termEnd = now.plus(answer.runtime());
            termExit = answer.exitCode();
        }
        killAt = now.plus(grace);
        advance(now);
    }

    /** When this run next changes by itself: a line, its end, or its kill. */
    Instant nextChange(Instant now) {
        Instant next = null;
        for (LogText.Line l : lines) {
            if (l.at().isAfter(now) && (next == null || l.at().isBefore(next))) {
                next = l.at();
            }
        }
        for (Instant t : new Instant[] {plannedEnd, termEnd, killAt}) {
            if (end == null && t != null && (next == null || t.isBefore(next))) {
                next = t;
            }
        }
        return next;
    }

    /** The lines written by {@code now}: none after the run ended. */
    List<LogText.Line> visibleLines(Instant now) {
        List<LogText.Line> out = new ArrayList<>();
        for (LogText.Line l : lines) {
            if (!l.at().isAfter(now) && (end == null || !l.at().isAfter(end))) {
                out.add(l);
            }
        }
        return out;
    }

    /** Feeds {@code sink} every line written after {@code now}; the returned handle (called under the runtime's lock) stops it. */
    Runnable follow(Instant now, Consumer<String> sink, boolean timestamps) {
        Follower f = new Follower(sink, timestamps, visibleLines(now).size());
        if (end == null) {
            followers.add(f);
        }
        return () -> {
            f.closed = true;
            followers.remove(f);
        };
    }

    private void feedFollowers(Instant now) {
        if (followers.isEmpty()) {
            return;
        }
        List<LogText.Line> visible = visibleLines(now);
        for (Follower f : List.copyOf(followers)) {
            while (!f.closed && f.delivered < visible.size()) {
                LogText.Line l = visible.get(f.delivered++);
                f.sink.accept(f.timestamps ? LogText.timestamp(l.at()) + " " + l.text() : l.text());
            }
        }
        if (end != null) {
            followers.clear();
        }
    }
}
