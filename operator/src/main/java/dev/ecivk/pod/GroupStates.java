package dev.ecivk.pod;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupEvents;
import dev.ecivk.provider.model.GroupStatus;
import java.util.List;
import java.util.Map;

/**
 * Folds what the status feed reports about a group into the group as the node knows it; pure. The feed carries the
 * status, the IP and the containers, not the tags, the init containers or the events, so those stay as the last full
 * description showed them.
 */
final class GroupStates {
    private GroupStates() {}

    /**
     * The group after {@code status}.
     *
     * @param known the group as last described (tags, init containers, events), or null for a group seen only by
     *     the feed so far
     * @param tags the tags to give a group seen only by the feed (its owner's)
     */
    static ContainerGroupState merge(ContainerGroupState known, GroupStatus status, Map<String, String> tags) {
        List<ContainerGroupState.ContainerStatus> containers = status.containers().stream()
                .map(c -> new ContainerGroupState.ContainerStatus(
                        c.name(), c.image(), c.ready(), c.restartCount(), c.state(), c.lastState()))
                .toList();
        if (known == null) {
            return new ContainerGroupState(
                    status.containerGroupId(),
                    status.name(),
                    status.status(),
                    null,
                    null,
                    null,
                    status.podIp(),
                    null,
                    null,
                    status.startTime(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    tags,
                    containers,
                    List.of(),
                    List.of());
        }
        return new ContainerGroupState(
                known.id(),
                known.name(),
                status.status(),
                known.regionId(),
                known.zoneId(),
                known.vSwitchId(),
                status.podIp() != null ? status.podIp() : known.intranetIp(),
                known.ipv6Address(),
                known.internetIp(),
                known.creationTime() != null ? known.creationTime() : status.startTime(),
                known.succeededTime(),
                known.failedTime(),
                known.expiredTime(),
                known.restartPolicy(),
                known.cpu(),
                known.memory(),
                known.instanceType(),
                known.tags(),
                containers.isEmpty() ? known.containers() : containers,
                known.initContainers(),
                known.events());
    }

    /** Whether the group's init containers may still change (the feed does not report them). */
    static boolean initializing(ContainerGroupState group) {
        return !group.isTerminal()
                && group.initContainers().stream()
                        .anyMatch(c -> c.currentState() == null
                                || !ContainerGroupState.ContainerState.TERMINATED.equals(
                                        c.currentState().state()));
    }

    /** An event of the event feed in the model the event recorder forwards. */
    static ContainerGroupState.GroupEvent toGroupEvent(GroupEvents.Event e) {
        return new ContainerGroupState.GroupEvent(
                e.type(), e.reason(), e.message(), e.key(), e.count(), e.firstTimestamp(), e.lastTimestamp());
    }
}
