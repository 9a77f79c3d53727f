package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import java.util.List;

/**
 * The bodies of {@code /pods} (every Pod of the node, as the apiserver has it) and {@code /runningpods/} (the Pods
 * whose container group exists and has not finished, reduced to what a container runtime knows of them).
 */
final class PodListing {
    private PodListing() {}

    static PodList all(PodDirectory pods) {
        return list(pods.pods());
    }

    static PodList running(PodDirectory pods) {
        return list(pods.pods().stream()
                .filter(pod -> pods.containerGroupId(pod).isPresent() && !isTerminal(pod))
                .map(PodListing::runtimeView)
                .toList());
    }

    /** Succeeded or Failed: nothing of the Pod runs any more. */
    static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static PodList list(List<Pod> items) {
        return new PodListBuilder()
                .withNewMetadata()
                .endMetadata()
                .withItems(items)
                .build();
    }

    /** What the kubelet's runtime knows of a running Pod: its identity and containers. */
    private static Pod runtimeView(Pod pod) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewSpec()
                .withContainers(pod.getSpec().getContainers().stream()
                        .map(c -> new ContainerBuilder()
                                .withName(c.getName())
                                .withImage(c.getImage())
                                .build())
                        .toList())
                .endSpec()
                .build();
    }
}
