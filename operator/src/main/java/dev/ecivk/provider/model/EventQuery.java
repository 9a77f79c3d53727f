package dev.ecivk.provider.model;

import java.time.Duration;

/**
 * Which events an {@link dev.ecivk.provider.EventFeed} call returns.
 *
 * @param window only events that occurred (last) within this long before the call; null = each group's latest
 *     events (ECI: 50). Providers bound it (ECI: 60 s to 1 h; shorter is widened, longer refused)
 * @param filter which groups
 * @param source platform events, container (kubelet) events, or both
 * @param maxGroups at most this many groups with events in the answer; null = as many as the provider allows (ECI:
 *     200)
 */
public record EventQuery(Duration window, GroupFilter filter, EventSource source, Integer maxGroups) {

    public EventQuery {
        filter = filter == null ? GroupFilter.everyGroup() : filter;
        source = source == null ? EventSource.ALL : source;
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("an event window must be positive, not " + window);
        }
        if (maxGroups != null && maxGroups < 1) {
            throw new IllegalArgumentException("an answer holds at least one group, not " + maxGroups);
        }
    }

    /** Events of {@code filter}'s groups that occurred within {@code window}, from any source. */
    public static EventQuery within(Duration window, GroupFilter filter) {
        return new EventQuery(window, filter, EventSource.ALL, null);
    }

    /** Who recorded an event. */
    public enum EventSource {
        ALL,
        /** The cloud itself: scheduling, stock, quota, instance restarts and updates. */
        PLATFORM,
        /** The group's kubelet: pulls, container starts, exits, back-offs, probes. */
        CONTAINER
    }
}
