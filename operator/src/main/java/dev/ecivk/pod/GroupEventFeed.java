package dev.ecivk.pod;

import dev.ecivk.provider.EventFeed;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.EventBatch;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupEvents;
import dev.ecivk.provider.model.GroupFilter;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events of every group of one node, in proportion to change: one call per round for the node's tag with a
 * window of recent events (ECI's DescribeContainerGroupEvents with SinceSecond), each event forwarded to its Pod once
 * per occurrence count (a repeated event comes back with a higher count and updates the Pod's Event), instead of the
 * latest 50 events of every group on every describe.
 *
 * <p>ECI answers such a call for at most 200 groups and gives no page token. When the answer is full, more groups may
 * have events that would age out of the window unread in a burst: the round then asks for the groups whose status
 * changed within the window and that the answer left out, by id in batches of 20. Events of a group whose status did
 * not change (a probe failing on a Running Pod) are read by the node-wide call alone.
 *
 * <p>Pods first ({@link PodsFirst}): while the node's Pods are on their way to their status, a round is skipped, for
 * at most the deferral since the last round; the window then covers the skipped time, so nothing is lost, and a
 * burst's events are read once after it instead of re-read every round during it.
 */
public final class GroupEventFeed implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupEventFeed.class);
    /** Event occurrences remembered to forward each once; older ones fall out of the window anyway. */
    static final int REMEMBERED = 50_000;

    private final EventFeed feed;
    private final Map<String, String> selector;
    private final Duration window;
    private final ContainerGroupSource groups;
    private final PodEventSink sink;
    private final PodsFirst podsFirst;
    private long lastRound = System.nanoTime();
    private final Map<String, Boolean> forwarded = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /**
     * @param window how far back each call looks: longer than the longest time between calls (the interval plus the
     *     deferral of {@code podsFirst}), so none is missed
     * @param podsFirst while it is busy, rounds are skipped for at most its deferral
     */
    public GroupEventFeed(
            EventFeed feed,
            Map<String, String> selector,
            Duration window,
            ContainerGroupSource groups,
            PodEventSink sink,
            PodsFirst podsFirst) {
        if (window.compareTo(podsFirst.maxDeferral()) <= 0) {
            throw new IllegalArgumentException(
                    "the event window " + window + " must be longer than the deferral " + podsFirst.maxDeferral());
        }
        this.podsFirst = podsFirst;
        this.feed = feed;
        this.selector = Map.copyOf(selector);
        this.window = window;
        this.groups = groups;
        this.sink = sink;
        groups.eventsForwardedElsewhere();
    }

    @Override
    public void run() {
        long now = System.nanoTime();
        if (podsFirst.busy() && now - lastRound < podsFirst.maxDeferral().toNanos()) {
            return; // the next round's window covers this one's
        }
        lastRound = now;
        try {
            round();
        } catch (ProviderException e) {
            LOG.debug("The node's event feed failed; its events come with the next round: {}", e.code());
        } catch (RuntimeException e) {
            LOG.warn("Forwarding the node's events failed", e);
        }
    }

    /** One round: forwards every event occurrence not forwarded before; returns how many were forwarded. */
    synchronized int round() throws ProviderException {
        EventBatch batch = feed.events(EventQuery.within(window, GroupFilter.byTags(selector)));
        int count = forward(batch);
        if (batch.mayBeTruncated()) {
            Set<String> answered = new HashSet<>();
            batch.groups().forEach(g -> answered.add(g.containerGroupId()));
            List<String> rest = groups.changedWithin(window).stream()
                    .filter(id -> !answered.contains(id))
                    .toList();
            for (int i = 0; i < rest.size(); i += ContainerGroupSource.BATCH) {
                List<String> ids = rest.subList(i, Math.min(rest.size(), i + ContainerGroupSource.BATCH));
                count += forward(feed.events(EventQuery.within(window, GroupFilter.byIds(ids))));
            }
        }
        return count;
    }

    private int forward(EventBatch batch) {
        int count = 0;
        for (GroupEvents group : batch.groups()) {
            Optional<ContainerGroupSource.PodRef> pod = groups.podOf(group.containerGroupId());
            if (pod.isEmpty()) {
                continue; // a group this node does not know (yet): its events come again within the window
            }
            Pod target = new PodBuilder()
                    .withNewMetadata()
                    .withNamespace(pod.get().id().getNamespace().orElse("default"))
                    .withName(pod.get().id().getName())
                    .withUid(pod.get().uid())
                    .endMetadata()
                    .build();
            for (GroupEvents.Event event : group.events()) {
                String occurrence = group.containerGroupId() + "/" + event.key() + "#" + event.count();
                if (forwarded.putIfAbsent(occurrence, Boolean.TRUE) == null) {
                    sink.forward(target, GroupStates.toGroupEvent(event));
                    count++;
                }
            }
        }
        return count;
    }
}
