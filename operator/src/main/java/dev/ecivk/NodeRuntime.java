package dev.ecivk;

import dev.ecivk.node.NodeController;
import dev.ecivk.pod.ContainerGroupSource;
import dev.ecivk.pod.OrphanCollector;
import dev.ecivk.pod.PodReconciler;

/** Everything that serves one virtual node. */
record NodeRuntime(
        String nodeName,
        NodeController node,
        ContainerGroupSource groups,
        PodReconciler reconciler,
        OrphanCollector orphans) {}
