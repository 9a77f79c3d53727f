package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The fixture's etcd: every object by type, namespace and name, one global revision that every committed change
 * bumps (and a write that changes nothing does not), a bounded history of changes for watches that resume from a
 * resourceVersion, and listeners told of each change in commit order. Writes are serialized by one lock, as etcd
 * serializes revisions; reads of one object need no lock.
 */
final class ObjectStore {
    /** What a change did, in watch-event terms. */
    enum ChangeType {
        ADDED,
        MODIFIED,
        DELETED
    }

    /** One committed change; {@code previous} is null for ADDED, {@code current} is the deleted state for DELETED. */
    record Change(ChangeType type, StoredObject previous, StoredObject current) {
        long resourceVersion() {
            return current.resourceVersion();
        }

        ResourceType resourceType() {
            return current.type();
        }
    }

    /** Told of every change, under the store's lock and in commit order: enqueue work, never block. */
    interface Listener {
        void onChange(Change change);
    }

    /** A consistent list: the matching objects and the revision they are current at. */
    record Snapshot(List<StoredObject> items, long resourceVersion) {}

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, ConcurrentSkipListMap<String, StoredObject>> collections = new ConcurrentHashMap<>();
    private final Deque<Change> history = new ArrayDeque<>();
    private final int historyLimit;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private long revision;

    ObjectStore(Clock clock, int historyLimit) {
        this.clock = clock;
        this.historyLimit = historyLimit;
    }

    Clock clock() {
        return clock;
    }

    String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Runs {@code work} with the write lock held, so that a read and the write based on it are atomic. */
    <T> T atomically(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    void atomically(Runnable work) {
        atomically(() -> {
            work.run();
            return null;
        });
    }

    void addListener(Listener listener) {
        listeners.add(listener);
    }

    void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private ConcurrentSkipListMap<String, StoredObject> collection(ResourceType type) {
        return collections.computeIfAbsent(type.storageKey(), k -> new ConcurrentSkipListMap<>());
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.namespaced() ? namespace + "/" + name : name;
    }

    Optional<StoredObject> get(ResourceType type, String namespace, String name) {
        return Optional.ofNullable(collection(type).get(key(type, namespace, name)));
    }

    StoredObject require(ResourceType type, String namespace, String name) {
        return get(type, namespace, name).orElseThrow(() -> ApiException.notFound(type, name));
    }

    /** The objects of a type, in one namespace or all ({@code namespace} null), in key order. */
    Snapshot list(ResourceType type, String namespace, Predicate<JsonNode> filter) {
        return atomically(() -> {
            Collection<StoredObject> scope = namespace == null || !type.namespaced()
                    ? collection(type).values()
                    : collection(type)
                            .subMap(namespace + "/", namespace + "/\uffff")
                            .values();
            List<StoredObject> items = new ArrayList<>();
            for (StoredObject o : scope) {
                if (filter.test(o.object())) {
                    items.add(o);
                }
            }
            return new Snapshot(items, revision);
        });
    }

    List<StoredObject> all(ResourceType type) {
        return list(type, null, o -> true).items();
    }

    /**
     * Stores a new object: fills uid, creationTimestamp and generation as the apiserver does and gives it the next
     * revision. A name already taken is a 409 AlreadyExists.
     */
    StoredObject create(ResourceType type, ObjectNode object) {
        return atomically(() -> {
            ObjectNode metadata = object.with("metadata");
            String name = metadata.path("name").asText();
            String namespace = type.namespaced() ? metadata.path("namespace").asText() : null;
            if (!type.namespaced()) {
                metadata.remove("namespace");
            }
            if (get(type, namespace, name).isPresent()) {
                throw ApiException.alreadyExists(type, name);
            }
            object.put("apiVersion", type.apiVersion()).put("kind", type.kind());
            metadata.put("uid", UUID.randomUUID().toString());
            metadata.put("creationTimestamp", now());
            metadata.remove(List.of("deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
            if (type.tracksGeneration()) {
                metadata.put("generation", 1);
            } else {
                metadata.remove("generation");
            }
            StoredObject stored = commit(type, object);
            collection(type).put(key(type, namespace, name), stored);
            publish(new Change(ChangeType.ADDED, null, stored));
            return stored;
        });
    }

    /**
     * Replaces an object with {@code updated}, the primitive every write ends in. {@code expectedVersion}, when not
     * empty, is the optimistic-concurrency precondition (409 when stale). A write that changes nothing keeps the
     * resourceVersion and tells nobody; a spec change bumps {@code metadata.generation} of types that track it; an
     * object marked for deletion whose finalizers and grace period are gone is removed, as the apiserver does.
     */
    StoredObject replace(ResourceType type, ObjectNode updated, String expectedVersion) {
        return atomically(() -> {
            ObjectNode metadata = updated.with("metadata");
            String name = metadata.path("name").asText();
            String namespace = type.namespaced() ? metadata.path("namespace").asText() : null;
            StoredObject current = require(type, namespace, name);
            if (expectedVersion != null
                    && !expectedVersion.isEmpty()
                    && !expectedVersion.equals(String.valueOf(current.resourceVersion()))) {
                throw ApiException.modified(type, name);
            }
            JsonNode currentMeta = current.object().path("metadata");
            for (String kept : List.of("uid", "creationTimestamp", "namespace")) {
                if (currentMeta.has(kept)) {
                    metadata.set(kept, currentMeta.get(kept));
                }
            }
            for (String kept : List.of("deletionTimestamp", "deletionGracePeriodSeconds")) {
                if (currentMeta.has(kept) && !metadata.has(kept)) {
                    metadata.set(kept, currentMeta.get(kept)); // only DELETE sets or shortens these
                }
            }
            metadata.put("resourceVersion", String.valueOf(current.resourceVersion()));
            updated.put("apiVersion", type.apiVersion()).put("kind", type.kind());
            if (type.tracksGeneration()) {
                long generation = currentMeta.path("generation").asLong(1);
                metadata.put("generation", specChanged(current.object(), updated) ? generation + 1 : generation);
            }
            if (updated.equals(current.object())) {
                return current;
            }
            if (deletable(updated)) {
                return removeLocked(type, current);
            }
            StoredObject stored = commit(type, updated);
            collection(type).put(key(type, namespace, name), stored);
            publish(new Change(ChangeType.MODIFIED, current, stored));
            return stored;
        });
    }

    /** Read-modify-write with the lock held: the fixture's own controllers write fresh state this way. */
    Optional<StoredObject> update(ResourceType type, String namespace, String name, UnaryOperator<ObjectNode> change) {
        return atomically(() -> get(type, namespace, name).map(current -> {
            ObjectNode updated = change.apply(current.copy());
            return updated == null ? current : replace(type, updated, null);
        }));
    }

    /** Removes an object now, whatever its finalizers: the caller decided (DELETE without finalizers, GC). */
    StoredObject remove(ResourceType type, String namespace, String name) {
        return atomically(() -> removeLocked(type, require(type, namespace, name)));
    }

    private StoredObject removeLocked(ResourceType type, StoredObject current) {
        collection(type).remove(key(type, current.namespace(), current.name()));
        ObjectNode last = current.copy();
        StoredObject deleted = commit(type, last);
        publish(new Change(ChangeType.DELETED, current, deleted));
        return deleted;
    }

    /** Forgets every object of a type (its CustomResourceDefinition is gone). */
    void drop(ResourceType type) {
        atomically(() -> {
            for (StoredObject o : new ArrayList<>(collection(type).values())) {
                removeLocked(type, o);
            }
        });
    }

    private static boolean deletable(ObjectNode o) {
        JsonNode metadata = o.path("metadata");
        return metadata.hasNonNull("deletionTimestamp")
                && metadata.path("finalizers").isEmpty()
                && o.path("spec").path("finalizers").isEmpty() // a namespace's, emptied by its controller
                && metadata.path("deletionGracePeriodSeconds").asLong(0) == 0;
    }

    private static boolean specChanged(ObjectNode before, ObjectNode after) {
        ObjectNode a = before.deepCopy();
        ObjectNode b = after.deepCopy();
        for (ObjectNode n : List.of(a, b)) {
            n.remove(List.of("metadata", "status"));
        }
        return !a.equals(b);
    }

    private StoredObject commit(ResourceType type, ObjectNode object) {
        revision++;
        object.with("metadata").put("resourceVersion", String.valueOf(revision));
        return new StoredObject(type, object, revision);
    }

    private void publish(Change change) {
        history.addLast(change);
        while (history.size() > historyLimit) {
            history.removeFirst();
        }
        for (Listener l : listeners) {
            l.onChange(change);
        }
    }

    /**
     * The changes after {@code resourceVersion}, or empty when the history no longer reaches back that far (the
     * watch is then answered with 410 Gone, and an informer relists). Call with the lock held.
     */
    Optional<List<Change>> changesSince(long resourceVersion) {
        if (!lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("changesSince needs the store lock");
        }
        if (resourceVersion >= revision) {
            return Optional.of(List.of());
        }
        if (history.isEmpty() || history.peekFirst().resourceVersion() > resourceVersion + 1) {
            return Optional.empty();
        }
        List<Change> since = new ArrayList<>();
        for (Change c : history) {
            if (c.resourceVersion() > resourceVersion) {
                since.add(c);
            }
        }
        return Optional.of(since);
    }
}
