package dev.ecivk.provider.model;

import java.time.Instant;
import java.util.List;

/**
 * The events an {@link dev.ecivk.provider.EventFeed} returned for one container group.
 *
 * @param containerGroupId the group
 * @param name the group's name
 * @param events in the order they first occurred
 */
public record GroupEvents(String containerGroupId, String name, List<Event> events) {
    public GroupEvents {
        events = events == null ? List.of() : List.copyOf(events);
    }

    /**
     * One Kubernetes-shaped event. A repeat of the same event keeps its {@code key} and raises {@code count} and
     * {@code lastTimestamp}: upsert on the key.
     *
     * @param key unique and stable per event (the cloud's event name, e.g. {@code <group>.<hex>})
     * @param type Normal or Warning
     * @param reason e.g. Started, BackOff, NoStock
     * @param source who recorded it
     * @param component the recording component, e.g. {@code kubelet} or the cloud's service name
     */
    public record Event(
            String key,
            String type,
            String reason,
            String message,
            int count,
            Instant firstTimestamp,
            Instant lastTimestamp,
            EventQuery.EventSource source,
            String component) {}
}
