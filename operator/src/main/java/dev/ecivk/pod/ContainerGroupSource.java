package dev.ecivk.pod;

import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StatusFeed;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupFilter;
import dev.ecivk.provider.model.GroupStatus;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.StatusQuery;
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
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's view of every container group of one node, refreshed once per interval, and the Pods whose group
 * appeared, changed or vanished handed to the reconciler. A failed call keeps the previous state of the groups it
 * covered: a throttled describe must never look like "every group is gone".
 *
 * <p>With a provider that offers a {@link StatusFeed} (ECI's DescribeContainerGroupStatus), a round costs what
 * changed, not what runs: one page of the groups whose status changed in the last window (in steady state one call
 * per interval, however many Pods the node runs), a describe of the few groups the feed cannot tell enough about
 * (seen for the first time, or still running init containers), a full listing by tag at start and after a gap
 * longer than the window (adopting groups an earlier run created), and a sweep of every group's status at a slow
 * cadence to notice groups deleted behind our back. Without one, each round describes the known groups by id, 20
 * per call, and every {@link #DISCOVERY_EVERY}th lists the node's groups by tag.
 */
public final class ContainerGroupSource extends AbstractEventSource<ContainerGroupState, Pod> {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerGroupSource.class);
    /** A tag listing (discovery) every this many rounds; the rounds between describe known groups by id. */
    static final int DISCOVERY_EVERY = 12;
    /** Ids per DescribeContainerGroups call: ECI's maximum. */
    static final int BATCH = 20;
    /** How soon a round follows the create that left none under way ({@link #roundSoon}). */
    static final Duration SOON = Duration.ofMillis(100);

    private final Provider provider;
    private final Map<String, String> selector;
    private final Duration interval;
    private final Clock clock;
    /** The snapshot and which Pod each group belongs to. */
    private final GroupIndex index;

    private final DescribeBatches describe;
    private final PollListener listener;
    private volatile Instant lastSuccess;
    private volatile boolean lastPollFailed;
    private ScheduledExecutorService timer;
    private int roundsSinceDiscovery;
    private final Feed feed;
    private Instant lastResync = Instant.EPOCH;
    private volatile boolean eventsForwarded;
    /** Where the Pods whose group changed go: the status lane once one is attached, else the reconcile queue. */
    private volatile Consumer<ResourceID> changes;
    /** When the next scheduled round starts ({@link System#nanoTime()}), and when the last early one was asked for. */
    private volatile long nextRoundAt;

    private final AtomicLong lastEarlyRound = new AtomicLong();

    /** Told about every poll, for metrics. */
    public interface PollListener {
        void onPoll(Duration took, int groups, boolean ok);

        PollListener NONE = (took, groups, ok) -> {};
    }

    /** The change feed, when the provider has one, and how often every group's status is swept. */
    public record Feed(StatusFeed status, Duration resyncInterval) {}

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
            PollListener listener,
            Feed feed) {
        super(ContainerGroupState.class, name);
        this.feed = feed;
        this.provider = provider;
        this.selector = Map.copyOf(selector);
        this.interval = interval;
        this.clock = clock;
        this.index = new GroupIndex(this.selector, uidTag, namespaceTag, nameTag, clock);
        this.describe = new DescribeBatches(provider, index);
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
        lastEarlyRound.set(System.nanoTime() - interval.toNanos());
        timer.scheduleWithFixedDelay(this::scheduledRound, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduledRound() {
        pollQuietly();
        nextRoundAt = System.nanoTime() + interval.toNanos();
    }

    /**
     * The node's creates have drained (the last create under way has returned): a round in {@link #SOON} instead of
     * at the next interval, so that the last groups of a burst reach their Pods without waiting up to an interval
     * for it. With the change feed only (without one a round describes every known group), at most one early round
     * an interval, and none when the next round is about as near.
     */
    void roundSoon() {
        ScheduledExecutorService t = timer;
        long now = System.nanoTime();
        long last = lastEarlyRound.get();
        if (feed == null
                || t == null
                || lastSuccess == null
                || nextRoundAt - now < 2 * SOON.toNanos()
                || now - last < interval.toNanos()
                || !lastEarlyRound.compareAndSet(last, now)) { // another thread asked for it just now
            return;
        }
        try {
            t.schedule(this::pollQuietly, SOON.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: no more rounds
        }
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
        if (feed != null) {
            return feedRound();
        }
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
        groups.forEach(g -> index.put(fresh, g));
        publish(fresh);
        listener.onPoll(Duration.ofNanos(System.nanoTime() - started), fresh.size(), true);
        return true;
    }

    /** Describes the known groups (last snapshot and recent creates) by id, in independent batches of 20. */
    private boolean refreshKnown() {
        long started = System.nanoTime();
        Map<String, ContainerGroupState> fresh = new HashMap<>(index.byUid());
        boolean complete = describe.refresh(fresh, index.uidById());
        publish(fresh);
        lastPollFailed = !complete;
        listener.onPoll(Duration.ofNanos(System.nanoTime() - started), fresh.size(), complete);
        return complete;
    }

    /**
     * The window of the change feed: several intervals, so consecutive windows overlap and a late round misses
     * nothing (the provider widens it to its minimum, ECI's 60 s).
     */
    Duration window() {
        return windowFor(interval);
    }

    /** A feed window for rounds every {@code interval}: four of them, at least a minute. */
    public static Duration windowFor(Duration interval) {
        Duration w = interval.multipliedBy(4);
        return w.compareTo(Duration.ofSeconds(60)) < 0 ? Duration.ofSeconds(60) : w;
    }

    /** One round with the change feed (see the class comment). */
    private boolean feedRound() {
        Instant now = clock.instant();
        if (lastSuccess == null || lastSuccess.plus(window().minus(interval)).isBefore(now)) {
            // never listed, or a gap in which a change may have left the window: list every group by tag
            if (!discover()) {
                return false;
            }
            lastResync = now;
            return true;
        }
        boolean sweep = lastResync.plus(feed.resyncInterval()).isBefore(now);
        long started = System.nanoTime();
        GroupFilter mine = GroupFilter.byTags(selector);
        List<GroupStatus> statuses;
        try {
            statuses = feed.status()
                    .allStatuses(sweep ? StatusQuery.all(mine) : StatusQuery.changedWithin(window(), mine));
        } catch (ProviderException e) {
            lastPollFailed = true;
            listener.onPoll(Duration.ofNanos(System.nanoTime() - started), 0, false);
            LOG.debug("The node's status feed failed, keeping the previous snapshot: {}", e.code());
            return false;
        }
        Map<String, String> uidById = index.uidById();
        Map<String, ContainerGroupState> fresh = new HashMap<>(index.byUid());
        List<String> describe = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (GroupStatus status : statuses) {
            seen.add(status.containerGroupId());
            String uid = uidById.get(status.containerGroupId());
            if (uid == null) {
                describe.add(status.containerGroupId()); // not known yet: its tags name its Pod
                continue;
            }
            ContainerGroupState known = fresh.get(uid);
            if (known != null && !known.id().equals(status.containerGroupId())) {
                continue; // another group of the same Pod: left to the full listing
            }
            GroupIndex.RecentCreate created = index.created(uid);
            ContainerGroupState merged =
                    GroupStates.merge(known, status, index.ownerTags(uid), created == null ? null : created.asked());
            if (known == null && (created == null || created.initContainers())) {
                index.markUndescribed(uid); // the feed shows no init containers: describe it once
            }
            if (index.undescribed(uid) || GroupStates.initializing(merged)) {
                describe.add(status.containerGroupId());
            }
            fresh.put(uid, merged);
        }
        // a describe that failed earlier is tried again
        index.undescribed().stream()
                .map(fresh::get)
                .filter(Objects::nonNull)
                .map(ContainerGroupState::id)
                .filter(id -> !describe.contains(id))
                .forEach(describe::add);
        if (sweep) {
            // a group we knew that no longer appears at all was deleted behind our back
            fresh.values().removeIf(g -> !seen.contains(g.id()));
        }
        boolean complete = this.describe.into(fresh, describe);
        if (sweep && complete) {
            lastResync = now;
        }
        publish(fresh);
        lastPollFailed = !complete;
        listener.onPoll(Duration.ofNanos(System.nanoTime() - started), fresh.size(), complete);
        return complete;
    }

    /** The node's groups whose state changed in a snapshot within {@code age}, oldest change first. */
    List<String> changedWithin(Duration age) {
        return index.changedWithin(age);
    }

    /** The Pod of a group (its UID and where it lives), as far as this node knows it. */
    Optional<PodRef> podOf(String groupId) {
        return index.podOf(groupId);
    }

    /** A Pod of this node: its UID and namespace/name. */
    record PodRef(String uid, ResourceID id) {}

    /** Installs a new snapshot and hands every Pod whose group appeared, changed or vanished to the reconciler. */
    private void publish(Map<String, ContainerGroupState> fresh) {
        Instant now = clock.instant();
        Map<String, ContainerGroupState> old = index.install(fresh, now);
        lastSuccess = now;
        lastPollFailed = false;
        if (getEventHandler() == null || !isRunning()) {
            return;
        }
        Set<String> uids = new HashSet<>(old.keySet());
        uids.addAll(fresh.keySet());
        for (String uid : uids) {
            ContainerGroupState before = old.get(uid);
            ContainerGroupState after = fresh.get(uid);
            if (!Objects.equals(before, after)) {
                ResourceID pod = index.podOf(uid, before, after);
                if (pod != null) {
                    Consumer<ResourceID> lane = changes;
                    if (lane != null) {
                        lane.accept(pod);
                    } else {
                        toReconcileQueue(pod);
                    }
                }
            }
        }
    }

    /** Sends the Pods whose group changed to {@code lane} instead of the reconcile queue. */
    void routeChangesTo(Consumer<ResourceID> lane) {
        this.changes = lane;
    }

    /** Queues a reconcile of the Pod (once the controller runs). */
    void toReconcileQueue(ResourceID pod) {
        if (getEventHandler() != null && isRunning()) {
            getEventHandler().handleEvent(new Event(pod));
        }
    }

    /** The group of the Pod with this UID as of the last successful poll, or a create made since. */
    public Optional<ContainerGroupState> forPod(String uid) {
        return index.forPod(uid);
    }

    /** Groups created that no poll has shown yet. */
    int unseenCreates() {
        return index.recentCreates();
    }

    /** The id of a group created for this Pod UID that no poll has shown yet. */
    public Optional<String> recentCreate(String uid) {
        return index.recentCreate(uid);
    }

    /** Remembers which Pod a UID belongs to, so changes reach it even when its name was too long for a tag. */
    public void remember(String uid, String namespace, String name) {
        index.remember(uid, namespace, name);
    }

    /** Forgets which Pod a UID belonged to, once that Pod is gone. */
    public void forgetPod(String uid) {
        index.forgetPod(uid);
    }

    /** A group we created for the Pod; {@code initContainers} when the Pod has some (the feed cannot show them). */
    public void recordCreate(String uid, String groupId, boolean initContainers) {
        recordCreate(uid, groupId, initContainers, null);
    }

    /** {@link #recordCreate(String, String, boolean)} with what the create asked for (zone, size, billing). */
    void recordCreate(String uid, String groupId, boolean initContainers, GroupStates.Created asked) {
        index.recordCreate(uid, groupId, initContainers, asked);
    }

    /**
     * Forgets a group we deleted, so the next reconcile does not act on the stale snapshot, nor on a poll that was
     * under way when the delete went out (for {@link GroupIndex#RECENT_CREATE_TTL}).
     */
    public void forget(String uid) {
        index.forget(uid);
    }

    /**
     * Whether this source forwards the groups' events itself (from the provider's event feed); when not, the
     * reconciler forwards the events each group snapshot carries.
     */
    public boolean forwardsEvents() {
        return eventsForwarded;
    }

    /** Another component (the event feed) forwards the groups' events from now on. */
    void eventsForwardedElsewhere() {
        eventsForwarded = true;
    }

    /** Every group of the node in the last snapshot, by Pod UID. */
    public Map<String, ContainerGroupState> snapshot() {
        return index.byUid();
    }

    /** True once a poll has succeeded: before that, an absent group means "unknown", not "gone". */
    public boolean hasSynced() {
        return lastSuccess != null;
    }

    /** Whether a round succeeded within {@code age} (the provider answered). */
    public boolean answeredWithin(Duration age) {
        Instant last = lastSuccess;
        return last != null && !lastPollFailed && last.plus(age).isAfter(clock.instant());
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
