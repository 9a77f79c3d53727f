package dev.ecivk.simulator;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Exec sessions handed out by ExecContainerCommand; each token opens one WebSocket within 30 seconds. */
final class ExecSessions {
    static final Duration VALIDITY = Duration.ofSeconds(30);

    /** What the WebSocket side needs to run the session. */
    record Session(ExecShell shell, List<String> command, boolean tty, boolean stdin, Instant expires) {}

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> pending = new ConcurrentHashMap<>();

    ExecSessions(Clock clock) {
        this.clock = clock;
    }

    String open(SimGroup g, SimContainer c, List<String> command, boolean tty, boolean stdin, Instant now) {
        ExecShell shell;
        synchronized (g) {
            shell = ExecShell.of(g, c);
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        pending.values().removeIf(s -> s.expires().isBefore(now));
        pending.put(token, new Session(shell, List.copyOf(command), tty, stdin, now.plus(VALIDITY)));
        return token;
    }

    /** Takes a session by token (once); null when unknown or expired. */
    Session take(String token) {
        Session s = token == null ? null : pending.remove(token);
        if (s == null || s.expires().isBefore(clock.instant())) {
            return null;
        }
        return s;
    }

    void reset() {
        pending.clear();
    }
}
