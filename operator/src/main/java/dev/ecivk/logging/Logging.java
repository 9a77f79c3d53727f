package dev.ecivk.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.ecivk.config.LogFormat;
import org.slf4j.LoggerFactory;

/**
 * Switches the console log format at start-up. {@code logback.xml} configures the human format on the appender
 * named {@value #CONSOLE}; {@code --log-format json} swaps its encoder for one JSON object per line.
 */
public final class Logging {
    /** The name of the console appender in {@code logback.xml}. */
    public static final String CONSOLE = "CONSOLE";

    private Logging() {}

    /** Applies {@code format} to the console appender; a no-op when logback is not the SLF4J backend. */
    public static void configure(LogFormat format) {
        if (format != LogFormat.json || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> appender = root.getAppender(CONSOLE);
        if (appender instanceof ConsoleAppender<ILoggingEvent> console) {
            Encoder<ILoggingEvent> encoder = jsonEncoder(context);
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    /** A started JSON encoder for {@code context}. */
    static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
        RedactingJsonEncoder encoder = new RedactingJsonEncoder();
        encoder.setContext(context);
        encoder.start();
        return encoder;
    }
}
