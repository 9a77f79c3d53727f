package dev.ecivk.provider;

import dev.ecivk.provider.model.EventBatch;
import dev.ecivk.provider.model.EventQuery;

/**
 * Kubernetes-shaped events of many container groups in one call, optionally only those of the last N seconds (ECI's
 * DescribeContainerGroupEvents).
 *
 * <p><b>Cost.</b> One call for up to 200 groups; ECI allows 10,000 calls a minute. A poll every T seconds with a
 * window of a minute over a node's tag costs one call while fewer than 200 groups had events in the window.
 *
 * <p><b>Window semantics.</b> With a window (ECI: 60 s–1 h, bounded as {@link StatusFeed}'s) only events whose last
 * occurrence falls in it come back, so
 * a repeated event (its count went up) comes back again with the same {@link
 * dev.ecivk.provider.model.GroupEvents.Event#key()}: upsert Kubernetes Events keyed on it, and windows may overlap.
 * Without a window each group's latest 50 events come back. Deleted groups' events are gone with them.
 *
 * <p><b>No paging.</b> The cloud returns no page token for events. When {@link
 * dev.ecivk.provider.model.EventBatch#mayBeTruncated()} is true more groups may have events: ask again with ids in
 * batches of 20 or a shorter window.
 */
public interface EventFeed {

    EventBatch events(EventQuery query) throws ProviderException;
}
