package dev.ecivk.logging;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/** The human log format, with {@link Redactor#global()} applied to each finished line (message, MDC, stack). */
public final class RedactingPatternLayoutEncoder extends PatternLayoutEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        String line = Redactor.global().redact(getLayout().doLayout(event));
        Charset charset = getCharset() == null ? StandardCharsets.UTF_8 : getCharset();
        return line.getBytes(charset);
    }
}
