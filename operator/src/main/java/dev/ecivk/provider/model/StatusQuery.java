package dev.ecivk.provider.model;

import java.time.Duration;

/**
 * Which groups a {@link dev.ecivk.provider.StatusFeed} page covers.
 *
 * @param window only groups whose status changed within this long before the call; null = every group (a full
 *     sweep). A window shorter than {@link #MIN_WINDOW} is widened to it; one longer than {@link #MAX_WINDOW} is
 *     refused.
 * @param filter which groups
 * @param pageSize groups per page, 1 to {@link #MAX_PAGE_SIZE}
 */
public record StatusQuery(Duration window, GroupFilter filter, int pageSize) {
    /** The shortest window the cloud accepts: consecutive polls overlap, which is harmless (apply idempotently). */
    public static final Duration MIN_WINDOW = Duration.ofSeconds(60);
    /** The longest window the cloud accepts: after a longer gap, sweep every group instead. */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(3600);

    public static final int MAX_PAGE_SIZE = 200;

    public StatusQuery {
        filter = filter == null ? GroupFilter.everyGroup() : filter;
        if (window != null && window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("a status window is at most " + MAX_WINDOW + ", not " + window);
        }
        if (window != null && window.compareTo(MIN_WINDOW) < 0) {
            window = MIN_WINDOW;
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("a page holds 1 to " + MAX_PAGE_SIZE + " groups, not " + pageSize);
        }
    }

    /** The groups of {@code filter} whose status changed within {@code window}, 200 a page. */
    public static StatusQuery changedWithin(Duration window, GroupFilter filter) {
        return new StatusQuery(window, filter, MAX_PAGE_SIZE);
    }

    /** Every group of {@code filter}, 200 a page. */
    public static StatusQuery all(GroupFilter filter) {
        return new StatusQuery(null, filter, MAX_PAGE_SIZE);
    }

    public boolean isFullSweep() {
        return window == null;
    }
}
