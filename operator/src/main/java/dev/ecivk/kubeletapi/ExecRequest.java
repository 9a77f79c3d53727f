package dev.ecivk.kubeletapi;

import java.util.List;
import java.util.Map;

/**
 * The options of an exec request. The apiserver names the streams {@code input}, {@code output} and {@code error}
 * toward a kubelet; direct clients use {@code stdin}, {@code stdout} and {@code stderr}: both are read.
 */
record ExecRequest(List<String> command, boolean stdin, boolean stdout, boolean stderr, boolean tty) {

    static ExecRequest parse(Map<String, List<String>> query) {
        List<String> command = query.getOrDefault("command", List.of());
        if (command.isEmpty()) {
            throw new IllegalArgumentException("you must specify at least one command for the container");
        }
        boolean stdin = LogOptions.bool(query, "input") || LogOptions.bool(query, "stdin");
        boolean stdout = LogOptions.bool(query, "output") || LogOptions.bool(query, "stdout");
        boolean stderr = LogOptions.bool(query, "error") || LogOptions.bool(query, "stderr");
        boolean tty = LogOptions.bool(query, "tty");
        if (!stdin && !stdout && !stderr) {
            throw new IllegalArgumentException("you must specify at least one of stdin, stdout, stderr");
        }
        return new ExecRequest(List.copyOf(command), stdin, stdout, stderr, tty);
    }

    /** Whether a SPDY client creates a separate stderr stream (with a TTY stderr is merged into stdout). */
    boolean expectsStderrStream() {
        return stderr && !tty;
    }
}
