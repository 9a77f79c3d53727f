package dev.ecivk.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.AppenderBase;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Captures, unredacted, everything logged anywhere in the process while installed: the formatted message, the MDC,
 * and every throwable's class, message and stack (causes and suppressed included). Unredacted on purpose: a secret
 * leak test must fail when code logs a secret, even though the production encoders would mask it.
 *
 * <pre>{@code
 * try (CapturingAppender logs = CapturingAppender.install()) {
 *     ... run the scenario ...
 *     SecretLeaks.assertNoneOf(secrets).in(logs);
 * }
 * }</pre>
 *
 * Captures at DEBUG on the root logger while installed (quieter loggers still filter by their own level). The mock
 * apiserver's own loggers are ignored: they print stored objects, which is test infrastructure, not our output.
 */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    /** Test infrastructure that logs whole request bodies (the mock apiserver): not production output. */
    private static final List<String> IGNORED_LOGGERS =
            List.of("io.fabric8.kubernetes.client.server.mock", "io.fabric8.mockwebserver");

    private final List<String> lines = new ArrayList<>();
    private Logger root;
    private ch.qos.logback.classic.Level previousLevel;

    /** Attaches a new capturing appender to the root logger. */
    public static CapturingAppender install() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        CapturingAppender appender = new CapturingAppender();
        appender.setContext(context);
        appender.setName("capture-" + System.identityHashCode(appender));
        appender.start();
        appender.root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender.previousLevel = appender.root.getLevel();
        appender.root.setLevel(ch.qos.logback.classic.Level.DEBUG);
        appender.root.addAppender(appender);
        return appender;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (IGNORED_LOGGERS.stream().anyMatch(event.getLoggerName()::startsWith)) {
            return;
        }
        StringBuilder line = new StringBuilder()
                .append(event.getLevel())
                .append(' ')
                .append(event.getLoggerName())
                .append(' ')
                .append(event.getMDCPropertyMap())
                .append(' ')
                .append(event.getFormattedMessage());
        appendThrowable(line, event.getThrowableProxy());
        synchronized (lines) {
            lines.add(line.toString());
        }
    }

    private static void appendThrowable(StringBuilder line, IThrowableProxy throwable) {
        if (throwable == null) {
            return;
        }
        line.append("\n").append(throwable.getClassName()).append(": ").append(throwable.getMessage());
        for (StackTraceElementProxy frame : throwable.getStackTraceElementProxyArray()) {
            line.append("\n\t").append(frame.getSTEAsString());
        }
        appendThrowable(line, throwable.getCause());
        for (IThrowableProxy suppressed : throwable.getSuppressed()) {
            appendThrowable(line, suppressed);
        }
    }

    /** Everything captured so far, one entry per logging event. */
    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** Captured lines containing {@code text}. */
    public List<String> linesContaining(String text) {
        return lines().stream().filter(l -> l.contains(text)).toList();
    }

    @Override
    public void close() {
        if (root != null) {
            root.detachAppender(this);
            root.setLevel(previousLevel);
        }
        stop();
    }
}
