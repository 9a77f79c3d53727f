package dev.ecivk.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.ecivk.config.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Sets the console log format at start-up; call it first thing in {@code run}. {@code logback.xml} declares the
 * human pattern on the appender named {@value #CONSOLE} with logback's plain encoder (so the build's own tools can
 * load that file before our classes are compiled); this swaps in the redacting encoder for the chosen format:
 * the same pattern, or one JSON object per line.
 */
public final class Logging {
    /** The name of the console appender in {@code logback.xml}. */
    public static final String CONSOLE = "CONSOLE";

    private Logging() {}

    /** Applies {@code format} to the console appender; a no-op when logback is not the SLF4J backend. */
    public static void configure(LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender(CONSOLE);
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            Encoder<ILoggingEvent> encoder = format == LogFormat.json
                    ? jsonEncoder(context)
                    : textEncoder(context, patternOf(console.getEncoder()));
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    private static String patternOf(Encoder<ILoggingEvent> encoder) {
        return encoder instanceof PatternLayoutEncoder pattern && pattern.getPattern() != null
                ? pattern.getPattern()
                : DEFAULT_PATTERN;
    }

    /** Used only when logback.xml was replaced by one without a pattern encoder. */
    static final String DEFAULT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36}"
            + "%replace( [%X{resource.namespace}/%X{resource.name}]){' \\[/\\]', ''}"
            + "%replace( cg=%X{eci.cgId}){' cg=$', ''} - %msg%n";

    /** A started redacting text encoder with {@code pattern}. */
    static Encoder<ILoggingEvent> textEncoder(LoggerContext context, String pattern) {
        RedactingPatternLayoutEncoder encoder = new RedactingPatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.start();
        return encoder;
    }

    /** A started redacting JSON encoder for {@code context}. */
    static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        RedactingJsonEncoder encoder = new RedactingJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
