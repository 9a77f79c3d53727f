package dev.ecivk.testing.cluster;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How a {@link RealisticCluster} behaves: the behaviours switched on and the timings of its controllers, with the
 * defaults of a kube-controller-manager started with default flags except where a test needs speed.
 *
 * @param behaviours what the cluster does beyond the fabric8 mock
 * @param leaseGracePeriod how long a Node's Lease may go unrenewed before the node lifecycle controller marks the
 *     Node Unknown and taints it unreachable ({@code --node-monitor-grace-period}, 40 s)
 * @param nodeWriterDelay how long after a Node is created the TTL controller annotates it and the problem
 *     detector adds its condition
 * @param foreignPodWriteDelay how long after a Pod is bound the foreign controller writes to it
 * @param podGcDelay how long a Pod bound to a missing Node survives before PodGC deletes it
 * @param allowLoopbackKubelet whether the node proxy may dial loopback and link-local addresses (the apiserver refuses)
 * @param watchHistory how many changes watches can resume from before a 410 Gone
 * @param https whether the apiserver serves HTTPS (the fabric8 client trusts its certificate)
 * @param namespaces the namespaces that exist from the start, besides default, kube-system, kube-public and
 *     kube-node-lease
 */
record ClusterSettings(
        Set<Behaviour> behaviours,
        Duration leaseGracePeriod,
        Duration nodeWriterDelay,
        Duration foreignPodWriteDelay,
        Duration podGcDelay,
        boolean allowLoopbackKubelet,
        int watchHistory,
        boolean https,
        List<String> namespaces) {

    static ClusterSettings defaults() {
        return new ClusterSettings(
                EnumSet.allOf(Behaviour.class),
                Duration.ofSeconds(40),
                Duration.ZERO,
                Duration.ofMillis(100),
                Duration.ofSeconds(40),
                false,
                100_000,
                false,
                List.of());
    }

    boolean on(Behaviour behaviour) {
        return behaviours.contains(behaviour);
    }
}
