package dev.ecivk.provider.vm;

import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import java.time.Instant;
import java.util.List;

/**
 * The latest status report of the agent inside one instance.
 *
 * @param receivedAt when the controller received it
 * @param phase {@code Pending}, {@code Running}, {@code Succeeded} or {@code Failed}, as ECI names group states
 * @param stopped the agent stopped the Pod when asked to and every container has ended (the phase is then final)
 */
public record AgentReport(
        Instant receivedAt,
        String phase,
        List<ContainerStatus> initContainers,
        List<ContainerStatus> containers,
        List<GroupEvent> events,
        boolean stopped) {

    public AgentReport {
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        containers = containers == null ? List.of() : List.copyOf(containers);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The Pod has run to completion on the VM: nothing the instance does afterwards changes its outcome. */
    public boolean terminal() {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
