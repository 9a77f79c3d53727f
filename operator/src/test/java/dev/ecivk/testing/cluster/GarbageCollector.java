package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-controller-manager's garbage collector, background propagation only: when an object goes, each object that
 * named it in {@code ownerReferences} loses that reference, and one left without any live owner is deleted (a
 * deleted Node's Lease; a Pod of a deleted ReplicaSet, gracefully). Owners are matched by uid, as the real one does.
 */
final class GarbageCollector extends ControllerLoop {
    /** Where an object lives, so that a dependent can be found from its owner's uid. */
    private record Ref(ResourceType type, String namespace, String name) {}

    private final ObjectStore store;
    private final Deletions deletions;
    private final Map<String, Ref> byUid = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dependentsByOwner = new ConcurrentHashMap<>();

    GarbageCollector(ObjectStore store, Deletions deletions) {
        super("garbage-collector");
        this.store = store;
        this.deletions = deletions;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        StoredObject o = change.current();
        if (change.type() == ObjectStore.ChangeType.DELETED) {
            byUid.remove(o.uid());
            owners(o.object()).forEach(owner -> dependentsOf(owner).remove(o.uid()));
            if (dependentsByOwner.containsKey(o.uid())) {
                enqueue(o.uid());
            }
            return;
        }
        byUid.put(o.uid(), new Ref(o.type(), o.type().namespaced() ? o.namespace() : null, o.name()));
        if (change.previous() != null) {
            owners(change.previous().object())
                    .forEach(owner -> dependentsOf(owner).remove(o.uid()));
        }
        owners(o.object()).forEach(owner -> dependentsOf(owner).add(o.uid()));
    }

    private Set<String> dependentsOf(String ownerUid) {
        return dependentsByOwner.computeIfAbsent(ownerUid, k -> ConcurrentHashMap.newKeySet());
    }

    private static List<String> owners(JsonNode object) {
        List<String> uids = new ArrayList<>();
        object.path("metadata")
                .path("ownerReferences")
                .forEach(r -> uids.add(r.path("uid").asText()));
        return uids;
    }

    @Override
    protected void process(String goneOwner) {
        Set<String> dependents = dependentsByOwner.remove(goneOwner);
        if (dependents == null) {
            return;
        }
        for (String dependent : dependents) {
            Ref ref = byUid.get(dependent);
            if (ref == null) {
                continue;
            }
            store.atomically(() -> store.get(ref.type(), ref.namespace(), ref.name())
                    .filter(o -> o.uid().equals(dependent))
                    .ifPresent(this::collect));
        }
    }

    private void collect(StoredObject dependent) {
        boolean anyOwnerAlive = owners(dependent.object()).stream().anyMatch(byUid::containsKey);
        if (anyOwnerAlive) {
            store.update(dependent.type(), dependent.namespace(), dependent.name(), o -> {
                ArrayNode references = (ArrayNode) o.with("metadata").withArray("ownerReferences");
                references.removeIf(r -> !byUid.containsKey(r.path("uid").asText()));
                return o;
            });
        } else {
            deletions.delete(dependent.type(), dependent.namespace(), dependent.name(), Deletions.Options.none());
        }
    }
}
