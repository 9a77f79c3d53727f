package dev.ecivk.pod;

import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.health.Status;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's view of every container group of one node, refreshed once per interval by batched calls (20 groups
 * per call, never one call per Pod). Pods whose group appeared, changed or vanished are handed to the reconciler. A
 * failed call keeps the previous state of the groups it covered: a throttled describe must never look like "every
 * group is gone".
 */
public final class ContainerGroupSource extends AbstractEventSource<ContainerGroupState, Pod> {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerGroupSource.class);
    /** How long a create we made counts as existing although no poll has shown it yet. */
    static final Duration RECENT_CREATE_TTL = Duration.ofMinutes(5);
    /** A tag listing (discovery) every this many rounds; the rounds between describe known groups by id. */
    static final int DISCOVERY_EVERY = 12;
    /** Ids per DescribeContainerGroups call: ECI's maximum. */
    static final int BATCH = 20;

    private final Provider provider;
    private final Map<String, String> selector;
    private final Duration interval;
    private final Clock clock;
    private final String uidTag;
    private final String namespaceTag;
    private final String nameTag;
    private final Map<String, RecentCreate> recentCreates = new ConcurrentHashMap<>();
    /** Pod UIDs whose group we deleted, and when. */
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();

    private final Map<String, ResourceID> podIds = new ConcurrentHashMap<>();
    private final PollListener listener;
    private volatile Map<String, ContainerGroupState> byUid = Map.of();
    private volatile Instant lastSuccess;
    private volatile boolean lastPollFailed;
    private ScheduledExecutorService timer;
    private int roundsSinceDiscovery;

    /** Told about every poll, for metrics. */
    public interface PollListener {
        void onPoll(Duration took, int groups, boolean ok);

        PollListener NONE = (took, groups, ok) -> {};
    }

    record RecentCreate(String groupId, Instant at) {}

    /**
     * @param selector tags every group of this node carries (cluster and node)
     * @param uidTag, namespaceTag, nameTag the tag keys that name the owning Pod
     */
    public ContainerGroupSource(
            String name,
            Provider provider,
            Map<String, String> selector,
            String uidTag,
            String namespaceTag,
            String nameTag,
            Duration interval,
            Clock clock,
            PollListener listener) {
        super(ContainerGroupState.class, name);
        this.provider = provider;
        this.selector = Map.copyOf(selector);
        this.uidTag = uidTag;
        this.namespaceTag = namespaceTag;
        this.nameTag = nameTag;
        this.interval = interval;
        this.clock = clock;
        this.listener = listener;
    }

    @Override
    public void start() {
        super.start();
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecivk-status-poll-" + name());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
        super.stop();
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.warn("Status poll failed unexpectedly", e);
        }
    }

    /**
     * One status round. The first round, and every {@link #DISCOVERY_EVERY}th, lists the node's groups by tag (which
     * also adopts groups an earlier run created); the others describe the known groups by id, 20 per call, each
     * batch on its own: a throttled batch keeps its Pods' previous state instead of failing the whole round.
     *
     * @return true when the round saw every group it asked for
     */
    public synchronized boolean poll() {
        boolean discover = lastSuccess == null || ++roundsSinceDiscovery >= DISCOVERY_EVERY;
        if (discover) {
            roundsSinceDiscovery = 0; // a failed discovery is retried in DISCOVERY_EVERY rounds, not every round
            if (discover() || lastSuccess == null) {
                return lastSuccess != null;
            }
        }
        return refreshKnown();
    }

    /** Lists every group of the node by tag; on success this snapshot replaces the previous one. */
    public synchronized boolean discover() {
        long started = System.nanoTime();
        List<ContainerGroupState> groups;
        try {
            groups = provider.list(ListQuery.byTags(selector));
        } catch (ProviderException e) {
            lastPollFailed = true;
            listener.onPoll(Duration.ofNanos(System.nanoTime() - started), 0, false);
            LOG.warn(
                    "Listing the node's container groups failed, keeping the previous snapshot: {} ({})",
                    e.code(),
                    e.failureClass());
            return false;
        }
        roundsSinceDiscovery = 0;
        Map<String, ContainerGroupState> fresh = new HashMap<>();
        groups.forEach(g -> put(fresh, g));
        publish(fresh);
        listener.onPoll(Duration.ofNanos(System.nanoTime() - started), fresh.size(), true);
        return true;
    }

    /** Describes the known groups (last snapshot and recent creates) by id, in independent batches of 20. */
    private boolean refreshKnown() {
        long started = System.nanoTime();
        Map<String, String> uidById = new HashMap<>();
        byUid.forEach((uid, g) -> uidById.put(g.id(), uid));
        recentCreates.forEach((uid, r) -> uidById.put(r.groupId(), uid));
        List<String> ids = new ArrayList<>(uidById.keySet());
        Map<String, ContainerGroupState> fresh = new HashMap<>(byUid);
        boolean complete = true;
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(from + BATCH, ids.size()));
            List<ContainerGroupState> found;
            try {
                found = provider.list(ListQuery.byIds(batch));
            } catch (ProviderException e) {
                complete = false;
                LOG.debug("Describing {} container groups failed: {}", batch.size(), e.code());
                continue;
            }
            Set<String> seen = new HashSet<>();
            for (ContainerGroupState g : found) {
                seen.add(g.id());
                put(fresh, g);
            }
            for (String id : batch) {
                if (!seen.contains(id)) {
                    String uid = uidById.get(id);
                    ContainerGroupState known = fresh.get(uid);
                    if (known != null && known.id().equals(id)) {
                        fresh.remove(uid); // the provider no longer knows it
                    }
                }
            }
        }
        publish(fresh);
        lastPollFailed = !complete;
        listener.onPoll(Duration.ofNanos(System.nanoTime() - started), fresh.size(), complete);
        return complete;
    }

    private void put(Map<String, ContainerGroupState> into, ContainerGroupState g) {
        String uid = g.tags().get(uidTag);
        if (uid == null) {
            return;
        }
        ContainerGroupState other = into.get(uid);
        // Two groups for one Pod can only come from outside interference; prefer the live one.
        if (other == null || other.id().equals(g.id()) || (other.isTerminal() && !g.isTerminal())) {
            into.put(uid, g);
        }
    }

    /** Installs a new snapshot and hands every Pod whose group appeared, changed or vanished to the reconciler. */
    private void publish(Map<String, ContainerGroupState> fresh) {
        Map<String, ContainerGroupState> old = byUid;
        byUid = Map.copyOf(fresh);
        Instant now = clock.instant();
        lastSuccess = now;
        lastPollFailed = false;
        recentCreates
                .entrySet()
                .removeIf(e -> fresh.containsKey(e.getKey())
                        || e.getValue().at().plus(RECENT_CREATE_TTL).isBefore(now));
        Set<String> uids = new HashSet<>(old.keySet());
        uids.addAll(fresh.keySet());
        if (getEventHandler() == null || !isRunning()) {
            return;
        }
        for (String uid : uids) {
            ContainerGroupState before = old.get(uid);
            ContainerGroupState after = fresh.get(uid);
            if (!Objects.equals(before, after)) {
                ResourceID pod = podIds.get(uid);
                if (pod == null) {
                    // not seen by this process yet (adoption after a restart): the tags name it, unless the name
                    // was too long for a tag value and was shortened
                    ContainerGroupState any = after != null ? after : before;
                    String ns = any.tags().get(namespaceTag);
                    String name = any.tags().get(nameTag);
                    pod = ns == null || name == null ? null : new ResourceID(name, ns);
                }
                if (pod != null) {
                    getEventHandler().handleEvent(new Event(pod));
                }
            }
        }
    }

    /** The group of the Pod with this UID as of the last successful poll, or a create made since. */
    public Optional<ContainerGroupState> forPod(String uid) {
        if (deleted.containsKey(uid)) {
            return Optional.empty(); // a poll that started before our delete may still show it
        }
        return Optional.ofNullable(byUid.get(uid));
    }

    /** The id of a group created for this Pod UID that no poll has shown yet. */
    public Optional<String> recentCreate(String uid) {
        RecentCreate r = recentCreates.get(uid);
        return r == null ? Optional.empty() : Optional.of(r.groupId());
    }

    /** Remembers which Pod a UID belongs to, so changes reach it even when its name was too long for a tag. */
    public void remember(String uid, String namespace, String name) {
        podIds.put(uid, new ResourceID(name, namespace));
    }

    /** Forgets which Pod a UID belonged to, once that Pod is gone. */
    public void forgetPod(String uid) {
        podIds.remove(uid);
    }

    public void recordCreate(String uid, String groupId) {
        recentCreates.put(uid, new RecentCreate(groupId, clock.instant()));
    }

    /**
     * Forgets a group we deleted, so the next reconcile does not act on the stale snapshot, nor on a poll that was
     * under way when the delete went out (for {@link #RECENT_CREATE_TTL}).
     */
    public void forget(String uid) {
        deleted.put(uid, clock.instant());
        deleted.values().removeIf(at -> at.plus(RECENT_CREATE_TTL).isBefore(clock.instant()));
        recentCreates.remove(uid);
        podIds.remove(uid);
        Map<String, ContainerGroupState> copy = new HashMap<>(byUid);
        if (copy.remove(uid) != null) {
            byUid = Map.copyOf(copy);
        }
    }

    /**
     * Whether this source forwards the groups' events itself (from the provider's event feed); when not, the
     * reconciler forwards the events each group snapshot carries.
     */
    public boolean forwardsEvents() {
        return false;
    }

    /** Every group of the node in the last snapshot, by Pod UID. */
    public Map<String, ContainerGroupState> snapshot() {
        return byUid;
    }

    /** True once a poll has succeeded: before that, an absent group means "unknown", not "gone". */
    public boolean hasSynced() {
        return lastSuccess != null;
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    @Override
    public Set<ContainerGroupState> getSecondaryResources(Pod pod) {
        return forPod(pod.getMetadata().getUid()).map(Set::of).orElse(Set.of());
    }

    @Override
    public Status getStatus() {
        return lastPollFailed ? Status.UNHEALTHY : Status.HEALTHY;
    }
}
