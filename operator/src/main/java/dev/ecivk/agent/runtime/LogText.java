package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.LogQuery;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A container log read as the kubelet serves it: since, tail, timestamps, then limitBytes, over timed lines. */
public final class LogText {

    /** A line the container wrote at {@code at}. */
    public record Line(Instant at, String text) {}

    private LogText() {}

    /** The lines {@code query} selects, each ending in a new line. */
    public static String render(List<Line> lines, LogQuery query, Instant now) {
        Instant since = since(query, now);
        List<String> selected = new ArrayList<>();
        for (Line l : lines) {
            if (since == null || !l.at().isBefore(since)) {
                selected.add(query.timestamps() ? timestamp(l.at()) + " " + l.text() : l.text());
            }
        }
        if (query.tail() != null && query.tail() >= 0 && selected.size() > query.tail()) {
            selected = selected.subList(selected.size() - query.tail(), selected.size());
        }
        StringBuilder out = new StringBuilder();
        selected.forEach(s -> out.append(s).append('\n'));
        return limit(out.toString(), query.limitBytes());
    }

    /** The earliest time a query wants lines from; null for all. */
    public static Instant since(LogQuery query, Instant now) {
        Instant since = query.startTime();
        if (query.sinceSeconds() != null) {
            Instant s = now.minusSeconds(query.sinceSeconds());
            since = since == null || s.isAfter(since) ? s : since;
        }
        return since;
    }

    /** RFC 3339 with nanoseconds, as the kubelet prefixes lines. */
    public static String timestamp(Instant at) {
        return at.toString();
    }

    /** Cuts text to at most {@code limitBytes} bytes of UTF-8, never inside a character. */
    public static String limit(String text, Long limitBytes) {
        if (limitBytes == null || limitBytes < 0) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= limitBytes) {
            return text;
        }
        int end = (int) Math.min(bytes.length, limitBytes);
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
