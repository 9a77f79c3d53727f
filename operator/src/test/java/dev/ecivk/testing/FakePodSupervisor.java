package dev.ecivk.testing;

import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.LogQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A container runtime for tests of the agent protocol: every container runs at once and is ready, writes one log
 * line, uses fixed cpu and memory, and runs {@code echo …} in exec (with stdin: echoes each line back until
 * {@code exit}). Records what it was asked.
 */
public final class FakePodSupervisor implements PodSupervisor {
    /** Every supervisor started in this JVM, for assertions. */
    public static final List<FakePodSupervisor> STARTED = new CopyOnWriteArrayList<>();

    private volatile ContainerGroupSpec spec;
    private volatile Instant startedAt;
    private volatile boolean closed;
    private volatile Duration stoppedWith;

    @Override
    public void start(ContainerGroupSpec spec) {
        this.spec = spec;
        this.startedAt = Instant.now();
        STARTED.add(this);
    }

    public ContainerGroupSpec spec() {
        return spec;
    }

    public boolean closed() {
        return closed;
    }

    /** The grace period of the stop the agent asked for; null before one. */
    public Duration stoppedWith() {
        return stoppedWith;
    }

    @Override
    public Snapshot snapshot() {
        List<ContainerStatus> containers = new ArrayList<>();
        boolean stopped = stoppedWith != null;
        for (ContainerSpec c : spec.containers()) {
            containers.add(new ContainerStatus(
                    c.name(),
                    c.image(),
                    !stopped,
                    0,
                    stopped // a stop ends every container at once, as a TERM handler that exits 0 does
                            ? new ContainerState(
                                    "Terminated", "Completed", "Completed", null, 0, null, startedAt, startedAt)
                            : new ContainerState("Running", "Running", null, null, null, null, startedAt, null),
                    null));
        }
        return new Snapshot(stopped ? "Succeeded" : "Running", List.of(), containers, List.of(), stopped);
    }

    @Override
    public String logs(String container, LogQuery query) {
        requireContainer(container);
        return "hello from " + container + " of " + spec.name() + "\n";
    }

    @Override
    public AutoCloseable follow(String container, LogQuery query, Consumer<String> lines) {
        lines.accept(logs(container, query));
        return () -> {};
    }

    @Override
    public ExecProcess exec(String container, List<String> command, boolean tty, boolean stdin) {
        requireContainer(container);
        return new EchoProcess(command, stdin);
    }

    @Override
    public List<GroupMetrics.ContainerMetrics> stats() {
        return spec.containers().stream()
                .map(c -> new GroupMetrics.ContainerMetrics(
                        c.name(),
                        new GroupMetrics.Cpu(25_000_000L, 1_000_000_000L, null, null),
                        new GroupMetrics.Memory(null, 64L << 20, null, 48L << 20, 40L << 20)))
                .toList();
    }

    @Override
    public void stop(Duration gracePeriod) {
        if (stoppedWith == null) {
            stoppedWith = gracePeriod;
        }
    }

    @Override
    public void close() {
        closed = true;
    }

    private void requireContainer(String container) {
        if (spec.containers().stream().noneMatch(c -> c.name().equals(container))) {
            throw new java.util.NoSuchElementException("no container " + container + " in this Pod");
        }
    }

    private static final class EchoProcess implements ExecProcess {
        private final List<String> command;
        private final boolean interactive;
        private final StringBuilder line = new StringBuilder();
        private OutputListener listener;

        EchoProcess(List<String> command, boolean interactive) {
            this.command = command;
            this.interactive = interactive;
        }

        @Override
        public synchronized void onOutput(OutputListener listener) {
            this.listener = listener;
            if (!interactive) {
                if (command.get(0).equals("echo")) {
                    out(String.join(" ", command.subList(1, command.size())) + "\n");
                    listener.exit(0, null);
                } else {
                    listener.output(2, (command.get(0) + ": not found\n").getBytes(StandardCharsets.UTF_8));
                    listener.exit(127, null);
                }
            }
        }

        @Override
        public synchronized void stdin(byte[] data) throws IOException {
            for (char c : new String(data, StandardCharsets.UTF_8).toCharArray()) {
                if (c != '\n') {
                    line.append(c);
                    continue;
                }
                String text = line.toString();
                line.setLength(0);
                if (text.equals("exit")) {
                    listener.exit(0, null);
                    return;
                }
                out(text + "\n");
            }
        }

        private void out(String text) {
            listener.output(1, text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void closeStdin() {}

        @Override
        public void resize(int width, int height) {}

        @Override
        public void close() {}
    }
}
