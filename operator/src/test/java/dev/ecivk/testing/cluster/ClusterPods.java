package dev.ecivk.testing.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/** The smallest Pods the fixture's tests need: one container, bound to a node or not. */
final class ClusterPods {
    private ClusterPods() {}

    /** A one-container Pod; {@code node} null leaves it for the scheduler. */
    static PodBuilder pod(String name, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewContainer()
                .withName("app")
                .withImage("nginx")
                .endContainer()
                .endSpec();
    }

    static Pod create(RealisticCluster cluster, PodBuilder pod) {
        return cluster.client().pods().resource(pod.build()).create();
    }
}
