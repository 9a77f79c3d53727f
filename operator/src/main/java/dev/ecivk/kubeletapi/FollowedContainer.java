package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Whether the container whose log is being followed still runs the instance the follow started on, from the Pod's
 * latest status: a vanished Pod, another container group, a finished Pod or a terminated (or restarting) container
 * ends the follow; what is not known yet keeps it going.
 */
record FollowedContainer(PodDirectory pods, ContainerTarget target) implements BooleanSupplier {

    @Override
    public boolean getAsBoolean() {
        String namespace = target.pod().getMetadata().getNamespace();
        String name = target.pod().getMetadata().getName();
        Optional<Pod> pod = pods.find(namespace, name);
        if (pod.isEmpty()
                || !pods.containerGroupId(pod.get())
                        .map(target.containerGroupId()::equals)
                        .orElse(false)
                || PodListing.isTerminal(pod.get())) {
            return false;
        }
        if (pod.get().getStatus() == null) {
            return true;
        }
        return Stream.concat(
                        Optional.ofNullable(pod.get().getStatus().getContainerStatuses()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.get().getStatus().getInitContainerStatuses())
                                .orElse(List.of())
                                .stream())
                .filter(status -> target.container().equals(status.getName()))
                .findFirst()
                .map(FollowedContainer::isRunning)
                .orElse(true);
    }

    /** Running, or not yet known; a terminated container, or one waiting to restart after it ended, is not. */
    private static boolean isRunning(ContainerStatus status) {
        if (status.getState() == null) {
            return true;
        }
        if (status.getState().getTerminated() != null) {
            return false;
        }
        boolean restarting = status.getState().getWaiting() != null
                && status.getLastState() != null
                && status.getLastState().getTerminated() != null;
        return !restarting;
    }
}
