package dev.ecivk.provider.model;

import java.time.Duration;

/**
 * Which groups a {@link dev.ecivk.provider.StatusFeed} page covers.
 *
 * @param window only groups whose status changed within this long before the call; null = every group (a full
 *     sweep). Providers bound it (ECI: 60 s to 1 h; shorter is widened, longer refused)
 * @param filter which groups
 * @param pageSize groups per page; null = as many as the provider allows (ECI: 200)
 */
public record StatusQuery(Duration window, GroupFilter filter, Integer pageSize) {

    public StatusQuery {
        filter = filter == null ? GroupFilter.everyGroup() : filter;
        if (window != null && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("a status window must be positive, not " + window);
        }
        if (pageSize != null && pageSize < 1) {
            throw new IllegalArgumentException("a page holds at least one group, not " + pageSize);
        }
    }

    /** The groups of {@code filter} whose status changed within {@code window}, in the largest pages. */
    public static StatusQuery changedWithin(Duration window, GroupFilter filter) {
        return new StatusQuery(window, filter, null);
    }

    /** Every group of {@code filter}, in the largest pages. */
    public static StatusQuery all(GroupFilter filter) {
        return new StatusQuery(null, filter, null);
    }

    public boolean isFullSweep() {
        return window == null;
    }
}
