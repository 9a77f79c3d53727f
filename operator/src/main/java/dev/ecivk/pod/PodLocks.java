package dev.ecivk.pod;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer at a time per Pod: the reconcile and the status lane both act on a Pod, and two status patches computed
 * from different snapshots must not cross on the way to the apiserver. Striped by UID, so the memory is fixed
 * whatever the number of Pods; two Pods sharing a stripe only wait for each other.
 */
final class PodLocks {
    private static final int STRIPES = 1024;
    private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

    PodLocks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ReentrantLock();
        }
    }

    ReentrantLock of(String uid) {
        return stripes[Math.floorMod(uid == null ? 0 : uid.hashCode(), STRIPES)];
    }
}
