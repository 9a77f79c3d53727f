package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.util.List;

/** The Pod's phase from its containers, by the kubelet's rules. */
final class PodPhase {
    static final String PENDING = "Pending";
    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";

    private PodPhase() {}

    /**
     * @param failed an init container failed for good, or the Pod ran past its active deadline
     * @param podStopped the Pod was stopped and every container has ended: as the kubelet does for a deleted Pod, the
     *     phase is final whatever the restart policy, {@code Succeeded} only if every container ran and exited 0
     */
    static String of(
            ContainerGroupSpec spec,
            List<ContainerSlot> init,
            List<ContainerSlot> containers,
            boolean failed,
            boolean podStopped) {
        if (spec == null) {
            return PENDING;
        }
        String policy = spec.restartPolicy() == null ? "Always" : spec.restartPolicy();
        if (failed) {
            return FAILED;
        }
        if (podStopped) {
            return containers.stream().allMatch(ContainerSlot::succeeded) ? SUCCEEDED : FAILED;
        }
        if (!init.stream().allMatch(ContainerSlot::succeeded)) {
            return PENDING;
        }
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        for (ContainerSlot s : containers) {
            if (s.alive()) {
                running++;
            } else if (s.finished) {
                stopped++;
                succeeded += s.succeeded() ? 1 : 0;
            } else if (s.lastTerminated != null) {
                stopped++;
            } else {
                waiting++;
            }
        }
        if (waiting > 0) {
            return PENDING;
        }
        if (running > 0) {
            return RUNNING;
        }
        if (stopped == 0) {
            return PENDING;
        }
        if ("Always".equals(policy)) {
            return RUNNING;
        }
        if (stopped == succeeded) {
            return SUCCEEDED;
        }
        return "Never".equals(policy) ? FAILED : RUNNING;
    }
}
