package dev.ecivk.pod;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the node remembers about each of its Pods between reconciles, in one place, forgotten when the Pod goes (its
 * delete event always reaches the reconciler). Anything else is derived from the Pod and the group snapshot.
 */
final class PodMemory {
    /**
     * One Pod's memory.
     *
     * @param deleteSent the group id whose delete went out (a repeated reconcile must not send it again)
     * @param imagesSent the image set last sent with UpdateContainerGroup, so one change is sent once
     */
    record Entry(String deleteSent, String imagesSent) {
        static final Entry NONE = new Entry(null, null);

        Entry withDeleteSent(String groupId) {
            return new Entry(groupId, imagesSent);
        }

        Entry withImagesSent(String signature) {
            return new Entry(deleteSent, signature);
        }
    }

    private final Map<String, Entry> byUid = new ConcurrentHashMap<>();

    Entry of(String uid) {
        return byUid.getOrDefault(uid, Entry.NONE);
    }

    void deleteSent(String uid, String groupId) {
        byUid.merge(uid, Entry.NONE.withDeleteSent(groupId), (old, ignored) -> old.withDeleteSent(groupId));
    }

    void imagesSent(String uid, String signature) {
        byUid.merge(uid, Entry.NONE.withImagesSent(signature), (old, ignored) -> old.withImagesSent(signature));
    }

    /** The Pod is gone: nothing about it is kept. */
    void forget(String uid) {
        byUid.remove(uid);
    }

    /** How many Pods have something remembered (bounded by the node's Pods; for tests and metrics). */
    int size() {
        return byUid.size();
    }

    /** Adds the UIDs of the Pods that have something remembered. */
    void rememberedInto(java.util.Set<String> uids) {
        uids.addAll(byUid.keySet());
    }
}
