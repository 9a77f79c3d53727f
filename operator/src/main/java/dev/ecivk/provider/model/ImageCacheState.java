package dev.ecivk.provider.model;

import java.util.List;

/**
 * An image cache as DescribeImageCaches shows it.
 *
 * @param status {@code Preparing}, {@code Creating}, {@code Ready} or {@code Failed}
 * @param progress e.g. {@code 45%}
 * @param events one line per cloud event: {@code Type Name: Message}
 */
public record ImageCacheState(
        String id, String name, String status, String progress, String snapshotId, List<String> events) {
    public ImageCacheState {
        events = events == null ? List.of() : List.copyOf(events);
    }

    public boolean ready() {
        return "Ready".equals(status);
    }

    public boolean failed() {
        return "Failed".equals(status);
    }
}
