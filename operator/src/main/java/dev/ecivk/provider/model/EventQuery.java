package dev.ecivk.provider.model;

import java.time.Duration;

/**
 * Which events an {@link dev.ecivk.provider.EventFeed} call returns.
 *
 * @param window only events that occurred (last) within this long before the call; null = each group's latest 50.
 *     Shorter than {@link StatusQuery#MIN_WINDOW} is widened to it; longer than {@link StatusQuery#MAX_WINDOW} is
 *     refused.
 * @param filter which groups
 * @param source platform events, container (kubelet) events, or both
 * @param maxGroups at most this many groups with events in the answer, 1 to {@link #MAX_GROUPS}
 */
public record EventQuery(Duration window, GroupFilter filter, EventSource source, int maxGroups) {
    public static final int MAX_GROUPS = 200;

    public EventQuery {
        filter = filter == null ? GroupFilter.everyGroup() : filter;
        source = source == null ? EventSource.ALL : source;
        if (window != null && window.compareTo(StatusQuery.MAX_WINDOW) > 0) {
            throw new IllegalArgumentException(
                    "an event window is at most " + StatusQuery.MAX_WINDOW + ", not " + window);
        }
        if (window != null && window.compareTo(StatusQuery.MIN_WINDOW) < 0) {
            window = StatusQuery.MIN_WINDOW;
        }
        if (maxGroups < 1 || maxGroups > MAX_GROUPS) {
            throw new IllegalArgumentException("an answer holds 1 to " + MAX_GROUPS + " groups, not " + maxGroups);
        }
    }

    /** Events of {@code filter}'s groups that occurred within {@code window}, from any source. */
    public static EventQuery within(Duration window, GroupFilter filter) {
        return new EventQuery(window, filter, EventSource.ALL, MAX_GROUPS);
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
