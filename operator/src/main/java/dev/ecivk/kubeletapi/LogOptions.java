package dev.ecivk.kubeletapi;

import dev.ecivk.provider.model.LogQuery;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** The query options of {@code GET /containerLogs/...}, validated as the kubelet validates PodLogOptions. */
record LogOptions(
        boolean follow,
        boolean previous,
        boolean timestamps,
        Integer tailLines,
        Integer sinceSeconds,
        Instant sinceTime,
        Long limitBytes) {

    static LogOptions parse(Map<String, List<String>> query) {
        Integer tail = integer(query, "tailLines");
        Integer sinceSeconds = integer(query, "sinceSeconds");
        Long limitBytes = longValue(query, "limitBytes");
        Instant sinceTime = null;
        String sinceTimeText = first(query, "sinceTime");
        if (sinceTimeText != null) {
            try {
                sinceTime = OffsetDateTime.parse(sinceTimeText).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("sinceTime '" + sinceTimeText + "' is not an RFC3339 time");
            }
        }
        if (sinceSeconds != null && sinceSeconds < 1) {
            throw new IllegalArgumentException("sinceSeconds must be greater than 0");
        }
        if (sinceSeconds != null && sinceTime != null) {
            throw new IllegalArgumentException("at most one of sinceTime or sinceSeconds may be specified");
        }
        if (tail != null && tail < 0) {
            throw new IllegalArgumentException("tailLines must be greater than or equal to 0");
        }
        if (limitBytes != null && limitBytes < 1) {
            throw new IllegalArgumentException("limitBytes must be greater than 0");
        }
        return new LogOptions(
                bool(query, "follow"),
                bool(query, "previous"),
                bool(query, "timestamps"),
                tail,
                sinceSeconds,
                sinceTime,
                limitBytes);
    }

    /** The provider query of a one-shot read. */
    LogQuery query() {
        return new LogQuery(tailLines, sinceSeconds, sinceTime, limitBytes, previous, timestamps);
    }

    static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    static boolean bool(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        return value != null && (value.equals("1") || value.equalsIgnoreCase("true"));
    }

    private static Integer integer(Map<String, List<String>> query, String name) {
        Long value = longValue(query, name);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE || value < Integer.MIN_VALUE) {
            throw new IllegalArgumentException(name + " is out of range");
        }
        return value.intValue();
    }

    private static Long longValue(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not an integer");
        }
    }
}
