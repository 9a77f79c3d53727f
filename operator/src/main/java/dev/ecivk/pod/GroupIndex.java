package dev.ecivk.pod;

import dev.ecivk.provider.model.ContainerGroupState;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last snapshot of one node's container groups by Pod UID, and what ties a group to its Pod: the Pods this
 * process has seen, the groups created that no round has shown yet, the groups deleted whose stale state must not
 * come back, and when each group last changed. Thread-safe: the status rounds write it, reconciles read it.
 */
final class GroupIndex {
    /** How long a create we made counts as existing although no poll has shown it yet. */
    static final Duration RECENT_CREATE_TTL = Duration.ofMinutes(5);

    /**
     * A group we created that no round has shown yet; {@code initContainers} when its Pod has some; {@code asked}
     * what the create asked for (or null).
     */
    record RecentCreate(String groupId, Instant at, boolean initContainers, GroupStates.Created asked) {}

    private final Map<String, String> selector;
    private final String uidTag;
    private final String namespaceTag;
    private final String nameTag;
    private final Clock clock;
    private final Map<String, RecentCreate> recentCreates = new ConcurrentHashMap<>();
    /** Pod UIDs whose group we deleted, and when. */
    private final Map<String, Instant> deleted = new ConcurrentHashMap<>();

    private final Map<String, ResourceID> podIds = new ConcurrentHashMap<>();
    private volatile Map<String, ContainerGroupState> byUid = Map.of();
    /** The snapshot's Pod UIDs by group id. */
    private volatile Map<String, String> uidByGroup = Map.of();
    /** When each group of the node last changed in a snapshot, by group id: the groups likely to have new events. */
    private final Map<String, Instant> changedAt = new ConcurrentHashMap<>();
    /** Pods whose group only the feed has shown, and whose init containers (if any) are not known yet. */
    private final Set<String> undescribed = ConcurrentHashMap.newKeySet();

    GroupIndex(Map<String, String> selector, String uidTag, String namespaceTag, String nameTag, Clock clock) {
        this.selector = selector;
        this.uidTag = uidTag;
        this.namespaceTag = namespaceTag;
        this.nameTag = nameTag;
        this.clock = clock;
    }

    /** Every group of the node in the last snapshot, by Pod UID. */
    Map<String, ContainerGroupState> byUid() {
        return byUid;
    }

    /** The Pod UID of every group known: the snapshot's and the recent creates', by group id. */
    Map<String, String> uidById() {
        Map<String, String> uidById = new HashMap<>();
        byUid.forEach((uid, g) -> uidById.put(g.id(), uid));
        recentCreates.forEach((uid, r) -> uidById.put(r.groupId(), uid));
        return uidById;
    }

    RecentCreate created(String uid) {
        return recentCreates.get(uid);
    }

    /** A group the feed showed without its init containers: it is described once. */
    void markUndescribed(String uid) {
        undescribed.add(uid);
    }

    boolean undescribed(String uid) {
        return undescribed.contains(uid);
    }

    Set<String> undescribed() {
        return undescribed;
    }

    /** Puts a group into a snapshot under its Pod's UID; of two groups for one Pod, the live one. */
    void put(Map<String, ContainerGroupState> into, ContainerGroupState g) {
        String uid = g.tags().get(uidTag);
        if (uid == null) {
            return;
        }
        ContainerGroupState other = into.get(uid);
        // Two groups for one Pod can only come from outside interference; prefer the live one.
        if (other == null || other.id().equals(g.id()) || (other.isTerminal() && !g.isTerminal())) {
            into.put(uid, g);
            undescribed.remove(uid);
        }
    }

    /** Installs a new snapshot taken at {@code now}; returns the one it replaces. */
    Map<String, ContainerGroupState> install(Map<String, ContainerGroupState> fresh, Instant now) {
        deleted.values().removeIf(at -> at.plus(RECENT_CREATE_TTL).isBefore(now));
        // groups we deleted since the last snapshot are gone from both sides: their Pods are told by their delete
        Map<String, ContainerGroupState> old = new HashMap<>(byUid);
        old.keySet().removeAll(deleted.keySet());
        fresh.keySet().removeAll(deleted.keySet()); // a round that started before our delete still shows the group
        undescribed.retainAll(fresh.keySet());
        recentCreates
                .entrySet()
                .removeIf(e -> fresh.containsKey(e.getKey())
                        || e.getValue().at().plus(RECENT_CREATE_TTL).isBefore(now));
        Set<String> current = new HashSet<>();
        for (Map.Entry<String, ContainerGroupState> e : fresh.entrySet()) {
            current.add(e.getValue().id());
            ContainerGroupState before = old.get(e.getKey());
            if (!Objects.equals(before, e.getValue())) {
                changedAt.put(e.getValue().id(), now);
            } else {
                e.setValue(before); // an unchanged group keeps its instance: whoever holds it holds no second copy
            }
        }
        changedAt.keySet().retainAll(current);
        byUid = Map.copyOf(fresh);
        Map<String, String> groupIds = new HashMap<>();
        fresh.forEach((uid, g) -> groupIds.put(g.id(), uid));
        uidByGroup = groupIds;
        return old;
    }

    /** The Pod of a group that appeared, changed or vanished; null when neither this process nor its tags know it. */
    ResourceID podOf(String uid, ContainerGroupState before, ContainerGroupState after) {
        ResourceID pod = podIds.get(uid);
        if (pod == null) {
            // not seen by this process yet (adoption after a restart): the tags name it, unless the name
            // was too long for a tag value and was shortened
            ContainerGroupState any = after != null ? after : before;
            String ns = any.tags().get(namespaceTag);
            String name = any.tags().get(nameTag);
            pod = ns == null || name == null ? null : new ResourceID(name, ns);
        }
        return pod;
    }

    /** The tags a group seen only by the feed is given: the node's, and its Pod's UID. */
    Map<String, String> ownerTags(String uid) {
        Map<String, String> tags = new HashMap<>(selector);
        tags.put(uidTag, uid);
        ResourceID pod = podIds.get(uid);
        if (pod != null) {
            tags.put(namespaceTag, pod.getNamespace().orElse(""));
            tags.put(nameTag, pod.getName());
        }
        return tags;
    }

    /** The node's groups whose state changed in a snapshot within {@code age}, oldest change first. */
    List<String> changedWithin(Duration age) {
        Instant since = clock.instant().minus(age);
        return changedAt.entrySet().stream()
                .filter(e -> !e.getValue().isBefore(since))
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The Pod of a group (its UID and where it lives), as far as this node knows it. */
    Optional<ContainerGroupSource.PodRef> podOf(String groupId) {
        String uid = uidByGroup.get(groupId);
        ContainerGroupState group = uid == null ? null : byUid.get(uid);
        if (group != null && group.id().equals(groupId)) {
            return podRef(uid, group);
        }
        for (Map.Entry<String, RecentCreate> e : recentCreates.entrySet()) {
            if (e.getValue().groupId().equals(groupId)) {
                return Optional.ofNullable(podIds.get(e.getKey()))
                        .map(id -> new ContainerGroupSource.PodRef(e.getKey(), id));
            }
        }
        return Optional.empty();
    }

    private Optional<ContainerGroupSource.PodRef> podRef(String uid, ContainerGroupState group) {
        ResourceID id = podIds.get(uid);
        if (id == null) {
            String ns = group.tags().get(namespaceTag);
            String name = group.tags().get(nameTag);
            id = ns == null || name == null ? null : new ResourceID(name, ns);
        }
        return Optional.ofNullable(id).map(i -> new ContainerGroupSource.PodRef(uid, i));
    }

    /** The group of the Pod with this UID in the last snapshot, unless we deleted it since. */
    Optional<ContainerGroupState> forPod(String uid) {
        if (deleted.containsKey(uid)) {
            return Optional.empty(); // a poll that started before our delete may still show it
        }
        return Optional.ofNullable(byUid.get(uid));
    }

    /** Groups created that no installed snapshot has shown yet (nor outlived {@link #RECENT_CREATE_TTL}). */
    int recentCreates() {
        return recentCreates.size();
    }

    Optional<String> recentCreate(String uid) {
        RecentCreate r = recentCreates.get(uid);
        return r == null ? Optional.empty() : Optional.of(r.groupId());
    }

    void remember(String uid, String namespace, String name) {
        podIds.put(uid, new ResourceID(name, namespace));
    }

    void forgetPod(String uid) {
        podIds.remove(uid);
    }

    void recordCreate(String uid, String groupId, boolean initContainers, GroupStates.Created asked) {
        recentCreates.put(uid, new RecentCreate(groupId, clock.instant(), initContainers, asked));
    }

    /**
     * Forgets a group we deleted, and keeps it out of snapshots taken before (for {@link #RECENT_CREATE_TTL}): at once
     * for {@link #forPod}, from the next installed snapshot for the others. Constant time, so that deleting N Pods
     * does not copy the snapshot N times.
     */
    void forget(String uid) {
        undescribed.remove(uid);
        deleted.put(uid, clock.instant());
        recentCreates.remove(uid);
        podIds.remove(uid);
    }
}
