package dev.ecivk.agent.runtime.sim;

import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodSupervisor.OutputListener;
import dev.ecivk.simulator.ProcessModel;
import dev.ecivk.simulator.ShellSession;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** An exec in a simulated container: the behaviour model's shell session, started when output has a listener. */
final class SimExecProcess implements ExecProcess {
    private final List<String> command;
    private final boolean tty;
    private final boolean stdin;
    private final ProcessModel.ContainerView container;
    private ShellSession session;

    SimExecProcess(List<String> command, boolean tty, boolean stdin, ProcessModel.ContainerView container) {
        this.command = List.copyOf(command);
        this.tty = tty;
        this.stdin = stdin;
        this.container = container;
    }

    @Override
    public synchronized void onOutput(OutputListener listener) {
        if (session != null) {
            throw new IllegalStateException("output already has a listener");
        }
        session = ProcessModel.shell(command, tty, stdin, container, new ShellSession.Output() {
            @Override
            public void write(int channel, String text) {
                listener.output(channel, text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void exit(int status) {
                listener.exit(status, status == 0 ? "" : "command terminated with non-zero exit code " + status);
            }
        });
        session.begin();
    }

    @Override
    public synchronized void stdin(byte[] data) {
        if (session != null) {
            session.input(new String(data, StandardCharsets.UTF_8));
        }
    }

    @Override
    public synchronized void closeStdin() {
        if (session != null) {
            session.endOfInput();
        }
    }

    @Override
    public void resize(int width, int height) {
        // The model's shell does not lay out text by terminal size.
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.endOfInput();
        }
    }
}
