package dev.ecivk.pod;

import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/** The statuses the node gives a Pod that has no group to show (waiting, refused, failed); pure. */
final class PodStatuses {
    private PodStatuses() {}

    /** Pending with a reason: the Pod waits for something (a reference, capacity, an image cache). */
    static PodStatus pending(Pod pod, String reason, String message, String hostIp) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        return new PodStatusBuilder(current)
                .withPhase("Pending")
                .withReason(reason)
                .withMessage(message)
                .withHostIP(hostIp)
                .build();
    }

    /** Failed with a reason: the Pod can never run here as it is. */
    static PodStatus failed(Pod pod, String reason, String message, String hostIp, Instant now) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        return new PodStatusBuilder(current)
                .withPhase("Failed")
                .withReason(reason)
                .withMessage(message)
                .withHostIP(hostIp)
                .withStartTime(current.getStartTime() == null ? StatusTranslator.text(now) : current.getStartTime())
                .build();
    }

    /** Whether the Pod's status shows it ran in a group of ours (so an absent group means it vanished). */
    static boolean showsAGroup(Pod pod) {
        PodStatus status = pod.getStatus();
        if (status == null) {
            return false;
        }
        return java.util.stream.Stream.concat(
                        status.getContainerStatuses() == null
                                ? java.util.stream.Stream.empty()
                                : status.getContainerStatuses().stream(),
                        status.getInitContainerStatuses() == null
                                ? java.util.stream.Stream.empty()
                                : status.getInitContainerStatuses().stream())
                .anyMatch(c -> c.getContainerID() != null
                        && c.getContainerID().startsWith(StatusTranslator.CONTAINER_ID_SCHEME));
    }

    /** The group the Pod's container ids name ({@code eci://<group>/<container>}), if any. */
    static Optional<String> groupIdShown(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .map(ContainerStatus::getContainerID)
                .filter(Objects::nonNull)
                .filter(id -> id.startsWith(StatusTranslator.CONTAINER_ID_SCHEME))
                .map(id -> id.substring(StatusTranslator.CONTAINER_ID_SCHEME.length()))
                .map(id -> id.contains("/") ? id.substring(0, id.indexOf('/')) : id)
                .findFirst();
    }

    /** Time since the scheduler bound the Pod (its PodScheduled condition), else since it was created. */
    static Duration sinceBound(Pod pod, Instant now) {
        String bound = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? null
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()))
                        .map(PodCondition::getLastTransitionTime)
                        .filter(Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        String from = bound != null ? bound : pod.getMetadata().getCreationTimestamp();
        if (from == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.between(Instant.parse(from), now);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return Duration.ZERO;
        }
    }
}
