package dev.ecivk.provider.model;

import java.time.Instant;

/**
 * Options of a log read. Null means "not set". {@code timestamps} asks for an RFC3339 timestamp before each line
 * (ECI has no such option; implementations that cannot honour it ignore it).
 */
public record LogQuery(
        Integer tail, Integer sinceSeconds, Instant startTime, Long limitBytes, boolean previous, boolean timestamps) {

    public static LogQuery all() {
        return new LogQuery(null, null, null, null, false, false);
    }
}
