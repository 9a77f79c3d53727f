package dev.ecivk.pod;

import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** How much work a node's Pods wait for, as the create and delete work-queue gauges show it. */
public final class PodWorkQueues {
    private PodWorkQueues() {}

    /** Pods waiting for their container group: not deleted, not finished, no group seen or created yet. */
    public static long pendingCreates(List<Pod> pods, ContainerGroupSource groups) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                        && groups.forPod(p.getMetadata().getUid()).isEmpty()
                        && groups.recentCreate(p.getMetadata().getUid()).isEmpty()
                        && !StatusTranslator.isTerminalPhase(
                                p.getStatus() == null ? null : p.getStatus().getPhase()))
                .count();
    }

    /** Pods being deleted. */
    public static long pendingDeletes(List<Pod> pods) {
        return pods.stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() != null)
                .count();
    }
}
