package dev.ecivk.simulator;

import java.util.List;

/**
 * One exec session of a simulated container, independent of its transport: a command runs once and reports its exit
 * status; a bare shell with stdin reads lines and runs them until {@code exit}, echoing and prompting on a tty as a
 * shell would. The embedded ECI serves it over a WebSocket; the VM agent's simulated runtime through its exec API.
 */
public final class ShellSession {
    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    /** Where a session's output goes: text on channel 1 (stdout) or 2 (stderr), then its exit status once. */
    public interface Output {
        void write(int channel, String text);

        void exit(int status);
    }

    private final ExecShell shell;
    private final List<String> command;
    private final boolean tty;
    private final boolean interactive;
    private final Output out;
    private final StringBuilder line = new StringBuilder();
    private boolean done;

    ShellSession(ExecShell shell, List<String> command, boolean tty, boolean stdin, Output out) {
        this.shell = shell;
        this.command = List.copyOf(command);
        this.tty = tty;
        this.interactive = stdin && ExecShell.isShell(command) && command.size() == 1;
        this.out = out;
    }

    /** Runs the command, or prompts for the first line of an interactive shell. */
    public synchronized void begin() {
        if (!interactive) {
            ExecShell.Result r = shell.run(command);
            emit(r);
            finish(r.status());
            return;
        }
        prompt();
    }

    /** Input on stdin: ignored unless the session is an interactive shell. */
    public synchronized void input(String text) {
        if (!interactive || done) {
            return;
        }
        if (tty) {
            out.write(STDOUT, text.replace("\r", "\r\n"));
        }
        for (char c : text.toCharArray()) {
            if (c == '\n' || c == '\r') {
                String statement = line.toString();
                line.setLength(0);
                ExecShell.Result r = shell.script(statement);
                emit(r);
                if (r.exit()) {
                    finish(r.status());
                    return;
                }
                prompt();
            } else {
                line.append(c);
            }
        }
    }

    /** Stdin closed: an interactive shell ends as at {@code exit}. */
    public synchronized void endOfInput() {
        if (interactive && !done) {
            finish(0);
        }
    }

    public synchronized boolean done() {
        return done;
    }

    private void prompt() {
        if (tty) {
            out.write(STDOUT, "# ");
        }
    }

    private void emit(ExecShell.Result r) {
        String stdout = tty ? r.stdout().replace("\n", "\r\n") : r.stdout();
        if (!stdout.isEmpty()) {
            out.write(STDOUT, stdout);
        }
        if (!r.stderr().isEmpty()) {
            out.write(tty ? STDOUT : STDERR, r.stderr());
        }
    }

    private void finish(int status) {
        done = true;
        out.exit(status);
    }
}
