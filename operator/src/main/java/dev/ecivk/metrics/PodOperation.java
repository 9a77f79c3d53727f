package dev.ecivk.metrics;

import java.util.Locale;

/** The Pod operations whose results are counted; the {@code operation} tag. */
public enum PodOperation {
    CREATE,
    DELETE;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
