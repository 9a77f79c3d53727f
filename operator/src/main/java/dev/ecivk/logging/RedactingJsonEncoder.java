package dev.ecivk.logging;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;

/**
 * One JSON object per line (logback's {@link JsonEncoder}: timestamp, level, thread, logger, MDC, formatted message,
 * throwable), with {@link Redactor#global()} applied. The mask contains no character JSON would escape, so the
 * line stays valid JSON.
 */
public final class RedactingJsonEncoder extends JsonEncoder {
    public RedactingJsonEncoder() {
        setWithSequenceNumber(false);
        setWithNanoseconds(false);
        setWithContext(false);
        // The formatted message only: raw arguments would repeat values, and a template without them says little.
        setWithMessage(false);
        setWithArguments(false);
        setWithFormattedMessage(true);
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        String json = new String(super.encode(event), StandardCharsets.UTF_8);
        return Redactor.global().redactJson(json).getBytes(StandardCharsets.UTF_8);
    }
}
