package dev.ecivk.provider.model;

import java.util.List;

/**
 * What one {@link dev.ecivk.provider.EventFeed} call returned.
 *
 * @param groups the groups that have matching events (groups without are left out)
 * @param eventCount the number of events over all groups
 * @param mayBeTruncated true when the answer holds as many groups as asked for: more groups may have events, and the
 *     cloud offers no page token for events; narrow the filter (ids in batches of 20, or a shorter window)
 */
public record EventBatch(List<GroupEvents> groups, int eventCount, boolean mayBeTruncated) {
    public EventBatch {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }
}
