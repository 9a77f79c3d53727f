package dev.ecivk.provider.vm;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.provider.model.ContainerGroupState.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Instance state × agent report → the container group status the rest of the controller reads (vm-apis.md §5.3).
 * Pure: the time comes in as an argument. The cloud only knows the VM; the containers come from the agent, and every
 * reason the VM adds is a group event with a stable timestamp, so a repeated poll writes no new Event.
 *
 * <pre>
 * instance            agent report              group status / reason
 * PENDING             —                         Pending, InstanceCreating
 * STARTING            —                         Pending, InstanceStarting
 * RUNNING             none yet                  Pending (containers ContainerCreating); Failed AgentLost once the
 *                                               agent has not registered within the register timeout
 * RUNNING             fresh                     the agent's phase and containers, the instance's IP
 * RUNNING             silent &gt; silence        Running, no container ready, AgentSilent
 * RUNNING             silent &gt; lost           Failed, AgentLost
 * any                 terminal (Succeeded/…)    the agent's outcome, whatever the instance does next
 * STOPPING/STOPPED    —  (not asked by us)      Failed, InstanceStopped
 * DELETED / gone      —  (not asked by us)      Failed, InstanceLost
 * any, teardown asked —                         Terminating
 * ERROR               —                         Failed, InstanceError
 * locked              any                       + Warning InstanceLocked
 * </pre>
 */
public final class VmStatusMapper {

    /** The reasons this backend adds; the failure ones also become the Pod's status reason. */
    public static final class Reasons {
        public static final String INSTANCE_CREATING = "InstanceCreating";
        public static final String INSTANCE_STARTING = "InstanceStarting";
        public static final String AGENT_SILENT = "AgentSilent";
        public static final String AGENT_LOST = "AgentLost";
        public static final String INSTANCE_STOPPED = "InstanceStopped";
        public static final String INSTANCE_LOST = "InstanceLost";
        public static final String INSTANCE_LOCKED = "InstanceLocked";
        public static final String INSTANCE_ERROR = "InstanceError";

        private Reasons() {}
    }

    /**
     * @param agentSilence a report older than this marks every container not ready
     * @param agentLost a report older than this (or no registration this long after the instance runs) fails the Pod
     */
    public record Timing(Duration agentSilence, Duration agentLost) {}

    /**
     * What is known of one instance.
     *
     * @param report the agent's latest report, or null
     * @param teardownRequested the controller asked for the instance to go (the Pod is being deleted)
     */
    public record Observation(VmInstance instance, AgentReport report, boolean teardownRequested) {}

    private VmStatusMapper() {}

    public static ContainerGroupState map(Observation observation, Timing timing, Instant now) {
        VmInstance vm = observation.instance();
        AgentReport report = observation.report();
        List<GroupEvent> events = new ArrayList<>(report == null ? List.of() : report.events());
        if (vm.locked()) {
            events.add(warning(
                    Reasons.INSTANCE_LOCKED,
                    "The cloud locked instance " + vm.id() + (vm.lockReason() == null ? "" : ": " + vm.lockReason()),
                    since(vm, report)));
        }
        if (observation.teardownRequested()) {
            return state(vm, Status.TERMINATING, report, events, false);
        }
        if (report != null && report.terminal()) {
            return state(vm, report.phase(), report, events, false);
        }
        return switch (vm.state()) {
            case PENDING -> pending(vm, Reasons.INSTANCE_CREATING, "Instance " + vm.id() + " is being created", events);
            case STARTING -> pending(vm, Reasons.INSTANCE_STARTING, "Instance " + vm.id() + " is booting", events);
            case RUNNING -> running(vm, report, events, timing, now);
            case STOPPING, STOPPED ->
                failed(
                        vm,
                        report,
                        events,
                        Reasons.INSTANCE_STOPPED,
                        "Instance " + vm.id() + " was stopped (" + vm.cloudState()
                                + ") by someone other than this node");
            case DELETED ->
                failed(vm, report, events, Reasons.INSTANCE_LOST, "Instance " + vm.id() + " was deleted or reclaimed");
            case ERROR ->
                failed(
                        vm,
                        report,
                        events,
                        Reasons.INSTANCE_ERROR,
                        "Instance " + vm.id() + " is in the cloud state " + vm.cloudState());
        };
    }

    /** An instance the cloud no longer knows, while its Pod was not being deleted. */
    public static ContainerGroupState lost(String instanceId, Map<String, String> tags, AgentReport report) {
        VmInstance gone = new VmInstance(
                instanceId,
                null,
                VmInstance.State.DELETED,
                "NotFound",
                null,
                null,
                null,
                null,
                null,
                tags,
                false,
                null);
        List<GroupEvent> events = new ArrayList<>(report == null ? List.of() : report.events());
        return failed(gone, report, events, Reasons.INSTANCE_LOST, "Instance " + instanceId + " no longer exists");
    }

    private static ContainerGroupState running(
            VmInstance vm, AgentReport report, List<GroupEvent> events, Timing timing, Instant now) {
        if (report == null) {
            Instant booted = vm.creationTime();
            if (booted != null && Duration.between(booted, now).compareTo(timing.agentLost()) > 0) {
                return failed(
                        vm,
                        null,
                        events,
                        Reasons.AGENT_LOST,
                        "The agent of instance " + vm.id() + " did not register within "
                                + timing.agentLost().toSeconds() + "s");
            }
            return state(vm, Status.PENDING, null, events, false);
        }
        Duration silent = Duration.between(report.receivedAt(), now);
        if (silent.compareTo(timing.agentLost()) > 0) {
            return failed(
                    vm,
                    report,
                    events,
                    Reasons.AGENT_LOST,
                    "The agent of instance " + vm.id() + " has not reported for " + silent.toSeconds() + "s");
        }
        if (silent.compareTo(timing.agentSilence()) > 0) {
            events.add(warning(
                    Reasons.AGENT_SILENT,
                    "The agent of instance " + vm.id() + " stopped reporting; its containers count as not ready",
                    report.receivedAt()));
            return state(vm, report.phase(), report, events, true);
        }
        return state(vm, report.phase(), report, events, false);
    }

    private static ContainerGroupState pending(VmInstance vm, String reason, String message, List<GroupEvent> events) {
        events.add(new GroupEvent("Normal", reason, message, vm.id(), 1, vm.creationTime(), vm.creationTime()));
        return state(vm, Status.PENDING, null, events, false);
    }

    private static ContainerGroupState failed(
            VmInstance vm, AgentReport report, List<GroupEvent> events, String reason, String message) {
        Instant at = since(vm, report);
        events.add(warning(reason, message, at));
        List<ContainerStatus> containers = new ArrayList<>();
        for (ContainerStatus c : report == null ? List.<ContainerStatus>of() : report.containers()) {
            containers.add(ended(c, reason, message, at));
        }
        return build(vm, Status.FAILED, containers, report == null ? List.of() : report.initContainers(), events);
    }

    private static ContainerGroupState state(
            VmInstance vm, String status, AgentReport report, List<GroupEvent> events, boolean notReady) {
        List<ContainerStatus> containers = report == null ? List.of() : report.containers();
        if (notReady) {
            containers = containers.stream()
                    .map(c -> new ContainerStatus(
                            c.name(), c.image(), false, c.restartCount(), c.currentState(), c.previousState()))
                    .toList();
        }
        return build(
                vm,
                status == null ? Status.PENDING : status,
                containers,
                report == null ? List.of() : report.initContainers(),
                events);
    }

    private static ContainerGroupState build(
            VmInstance vm,
            String status,
            List<ContainerStatus> containers,
            List<ContainerStatus> initContainers,
            List<GroupEvent> events) {
        return new ContainerGroupState(
                vm.id(),
                vm.name(),
                status,
                null,
                vm.zoneId(),
                vm.vSwitchId(),
                vm.privateIp(),
                null,
                null,
                vm.creationTime(),
                null,
                null,
                null,
                null,
                null,
                null,
                vm.instanceType(),
                vm.tags(),
                containers,
                initContainers,
                events);
    }

    /** A running container the VM took down with it: terminated with the VM's reason. */
    private static ContainerStatus ended(ContainerStatus c, String reason, String message, Instant at) {
        ContainerState current = c.currentState();
        if (current != null && ContainerState.TERMINATED.equals(current.state())) {
            return new ContainerStatus(c.name(), c.image(), false, c.restartCount(), current, c.previousState());
        }
        ContainerState terminated = new ContainerState(
                ContainerState.TERMINATED,
                reason,
                reason,
                message,
                137,
                null,
                current == null ? null : current.startTime(),
                at);
        return new ContainerStatus(c.name(), c.image(), false, c.restartCount(), terminated, current);
    }

    private static GroupEvent warning(String reason, String message, Instant at) {
        return new GroupEvent("Warning", reason, message, null, 1, at, at);
    }

    /** A stable time for an event about this instance: the last report, else the instance's creation. */
    private static Instant since(VmInstance vm, AgentReport report) {
        return report != null ? report.receivedAt() : vm.creationTime();
    }
}
