package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.Status;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * ContainerGroupState → PodStatus, as a kubelet would report it. Pure: the time comes in as an argument, and
 * conditions keep their lastTransitionTime while their status does not change.
 */
public final class StatusTranslator {
    public static final String CONTAINER_ID_SCHEME = "eci://";
    /** The Pod's status reason when the cloud took its spot group back (ECI status {@code Expired}). */
    public static final String SPOT_RECLAIMED = "SpotReclaimed";
    /** The Pod's status message then, unless ECI's own warning says more. */
    public static final String SPOT_RECLAIMED_MESSAGE = "The cloud reclaimed this Pod's spot instance (its market"
            + " price rose above the limit, or the zone needed the capacity back); its controller replaces the Pod.";

    /** Conditions this node owns; others (DisruptionTarget, readiness gates, PodScheduled) are kept as they are. */
    /**
     * Reasons a VM-per-Pod backend fails a whole Pod with (the VM was stopped, deleted, or its agent went silent);
     * they become the Pod's status reason, as kubelet reasons like Evicted do.
     */
    static final Set<String> INSTANCE_FAILURE_REASONS =
            Set.of("InstanceStopped", "InstanceLost", "InstanceError", "AgentLost");

    public static final Set<String> OWN_CONDITIONS =
            Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");

    private StatusTranslator() {}

    /** The Pod phase for a container group status. */
    public static String phase(String groupStatus) {
        if (groupStatus == null) {
            return "Pending";
        }
        return switch (groupStatus) {
            case Status.RUNNING, Status.UPDATING, Status.RESTARTING, Status.TERMINATING -> "Running";
            case Status.SUCCEEDED -> "Succeeded";
            case Status.FAILED, Status.SCHEDULE_FAILED, Status.EXPIRED -> "Failed";
            default -> "Pending";
        };
    }

    /**
     * The status the Pod should have for this container group.
     *
     * @param pod the Pod as the apiserver has it (its current status supplies condition transition times)
     * @param group the provider's view of the group
     * @param hostIp the node's InternalIP
     * @param now the time of this observation
     */
    public static PodStatus toPodStatus(Pod pod, ContainerGroupState group, String hostIp, Instant now) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String phase = phase(group.status());
        String nowText = text(now);

        List<io.fabric8.kubernetes.api.model.ContainerStatus> initStatuses =
                containerStatuses(pod.getSpec().getInitContainers(), group.initContainers(), group, phase, true);
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses =
                containerStatuses(pod.getSpec().getContainers(), group.containers(), group, phase, false);

        boolean running = Status.RUNNING.equals(group.status()) || Status.UPDATING.equals(group.status());
        boolean hasIp = group.intranetIp() != null && !group.intranetIp().isEmpty();
        boolean initialized = initStatuses.stream().allMatch(StatusTranslator::completedSuccessfully)
                && (running || "Succeeded".equals(phase) || !initStatuses.isEmpty() || hasIp);
        boolean containersReady =
                running && !statuses.isEmpty() && statuses.stream().allMatch(s -> Boolean.TRUE.equals(s.getReady()));

        Map<String, PodCondition> previous = conditionsByType(current);
        List<PodCondition> conditions = foreignConditions(current);
        conditions.add(condition(previous, "PodReadyToStartContainers", hasIp || running, null, nowText));
        conditions.add(condition(
                previous, "Initialized", initialized, initialized ? null : "ContainersNotInitialized", nowText));
        conditions.add(condition(
                previous,
                "ContainersReady",
                containersReady,
                containersReady ? null : (isTerminalPhase(phase) ? "PodCompleted" : "ContainersNotReady"),
                nowText));
        conditions.add(condition(
                previous,
                "Ready",
                containersReady,
                containersReady ? null : (isTerminalPhase(phase) ? "PodCompleted" : "ContainersNotReady"),
                nowText));

        PodStatusBuilder status = new PodStatusBuilder()
                .withPhase(phase)
                .withConditions(conditions)
                .withHostIP(hostIp)
                .withHostIPs(hostIp == null ? List.of() : List.of(new HostIP(hostIp)))
                .withInitContainerStatuses(initStatuses)
                .withContainerStatuses(statuses)
                .withQosClass(current.getQosClass())
                .withNominatedNodeName(current.getNominatedNodeName());
        if (hasIp) {
            List<PodIP> ips = new ArrayList<>();
            ips.add(new PodIP(group.intranetIp()));
            if (group.ipv6Address() != null && !group.ipv6Address().isEmpty()) {
                ips.add(new PodIP(group.ipv6Address()));
            }
            status.withPodIP(group.intranetIp()).withPodIPs(ips);
        }
        Instant start = group.creationTime();
        status.withStartTime(
                current.getStartTime() != null ? current.getStartTime() : start == null ? nowText : text(start));
        if ("Failed".equals(phase)) {
            status.withReason(failureReason(group)).withMessage(failureMessage(group));
        }
        return status.build();
    }

    /** The status of a Pod whose container group vanished while it should have been running. */
    public static PodStatus vanished(Pod pod, Instant now, String message) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        String nowText = text(now);
        Map<String, PodCondition> previous = conditionsByType(current);
        List<PodCondition> conditions = foreignConditions(current);
        conditions.add(condition(previous, "PodReadyToStartContainers", false, null, nowText));
        conditions.add(condition(previous, "Initialized", previousTrue(previous, "Initialized"), null, nowText));
        conditions.add(condition(previous, "ContainersReady", false, "PodFailed", nowText));
        conditions.add(condition(previous, "Ready", false, "PodFailed", nowText));
        List<io.fabric8.kubernetes.api.model.ContainerStatus> statuses = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            statuses.add(new ContainerStatusBuilder()
                    .withName(c.getName())
                    .withImage(c.getImage())
                    .withImageID("")
                    .withReady(false)
                    .withStarted(false)
                    .withRestartCount(restartCountOf(current, c.getName()))
                    .withState(new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(137)
                            .withReason("ContainerGroupVanished")
                            .withMessage(message)
                            .withFinishedAt(nowText)
                            .endTerminated()
                            .build())
                    .build());
        }
        return new PodStatusBuilder(current)
                .withPhase("Failed")
                .withReason("ProviderFailed")
                .withMessage(message)
                .withConditions(conditions)
                .withContainerStatuses(statuses)
                .build();
    }

    /** The Pod's current conditions by type: their transition times are kept while their status holds. */
    private static Map<String, PodCondition> conditionsByType(PodStatus current) {
        Map<String, PodCondition> byType = new HashMap<>();
        if (current.getConditions() != null) {
            current.getConditions().forEach(c -> byType.put(c.getType(), c));
        }
        return byType;
    }

    /** Conditions other writers own (PodScheduled, DisruptionTarget, readiness gates), kept as they are. */
    private static List<PodCondition> foreignConditions(PodStatus current) {
        List<PodCondition> foreign = new ArrayList<>();
        if (current.getConditions() != null) {
            current.getConditions().stream()
                    .filter(c -> !OWN_CONDITIONS.contains(c.getType()))
                    .forEach(foreign::add);
        }
        return foreign;
    }

    private static boolean previousTrue(Map<String, PodCondition> previous, String type) {
        PodCondition c = previous.get(type);
        return c != null && "True".equals(c.getStatus());
    }

    private static int restartCountOf(PodStatus status, String name) {
        if (status.getContainerStatuses() == null) {
            return 0;
        }
        return status.getContainerStatuses().stream()
                .filter(s -> name.equals(s.getName()) && s.getRestartCount() != null)
                .mapToInt(io.fabric8.kubernetes.api.model.ContainerStatus::getRestartCount)
                .findFirst()
                .orElse(0);
    }

    public static boolean isTerminalPhase(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private static String failureReason(ContainerGroupState group) {
        if (Status.SCHEDULE_FAILED.equals(group.status())) {
            return "ProviderScheduleFailed";
        }
        if (Status.EXPIRED.equals(group.status())) {
            // ECI's Expired is the end of a spot instance taken back; a pay-as-you-go group expires on arrears
            return group.isSpot() ? SPOT_RECLAIMED : "ProviderExpired";
        }
        for (ContainerStatus c : group.containers()) {
            ContainerState s = c.currentState();
            if (s != null && s.reason() != null && "DeadlineExceeded".equals(s.reason())) {
                return "DeadlineExceeded";
            }
        }
        return group.events().stream()
                .filter(e -> "Warning".equals(e.type()) && INSTANCE_FAILURE_REASONS.contains(e.reason()))
                .reduce((a, b) -> b)
                .map(ContainerGroupState.GroupEvent::reason)
                .orElse(null);
    }

    private static String failureMessage(ContainerGroupState group) {
        if (Status.EXPIRED.equals(group.status()) && group.isSpot()) {
            return SPOT_RECLAIMED_MESSAGE;
        }
        return group.events().stream()
                .filter(e -> "Warning".equals(e.type()))
                .reduce((a, b) -> b)
                .map(e -> e.reason() + ": " + e.message())
                .orElse(null);
    }

    private static boolean completedSuccessfully(io.fabric8.kubernetes.api.model.ContainerStatus s) {
        return s.getState() != null
                && s.getState().getTerminated() != null
                && Objects.equals(0, s.getState().getTerminated().getExitCode());
    }

    private static PodCondition condition(
            Map<String, PodCondition> previous, String type, boolean value, String reason, String now) {
        String status = value ? "True" : "False";
        PodCondition before = previous.get(type);
        String transition =
                before != null && status.equals(before.getStatus()) && before.getLastTransitionTime() != null
                        ? before.getLastTransitionTime()
                        : now;
        return new PodConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withLastTransitionTime(transition)
                .withLastProbeTime(null)
                .build();
    }

    private static List<io.fabric8.kubernetes.api.model.ContainerStatus> containerStatuses(
            List<Container> specContainers,
            List<ContainerStatus> observed,
            ContainerGroupState group,
            String phase,
            boolean init) {
        Map<String, ContainerStatus> byName = new HashMap<>();
        observed.forEach(c -> byName.put(c.name(), c));
        List<io.fabric8.kubernetes.api.model.ContainerStatus> result = new ArrayList<>();
        for (Container spec : specContainers == null ? List.<Container>of() : specContainers) {
            ContainerStatus seen = byName.get(spec.getName());
            ContainerStatusBuilder b = new ContainerStatusBuilder()
                    .withName(spec.getName())
                    .withImage(spec.getImage())
                    .withImageID("")
                    .withContainerID(CONTAINER_ID_SCHEME + group.id() + "/" + spec.getName());
            if (seen == null) {
                b.withReady(false)
                        .withStarted(false)
                        .withRestartCount(0)
                        .withState(
                                waiting(isTerminalPhase(phase) ? "ContainerStatusUnknown" : "ContainerCreating", null));
            } else {
                io.fabric8.kubernetes.api.model.ContainerState state = state(seen.currentState(), phase);
                boolean isRunning = state.getRunning() != null;
                b.withReady(!init && isRunning && Boolean.TRUE.equals(seen.ready()))
                        .withStarted(isRunning)
                        .withRestartCount(seen.restartCount() == null ? 0 : seen.restartCount())
                        .withState(state)
                        .withImage(seen.image() == null ? spec.getImage() : seen.image());
                if (seen.previousState() != null && seen.previousState().state() != null) {
                    b.withLastState(state(seen.previousState(), phase));
                }
            }
            result.add(b.build());
        }
        return result;
    }

    static io.fabric8.kubernetes.api.model.ContainerState state(ContainerState s, String phase) {
        if (s == null || s.state() == null) {
            return waiting("ContainerCreating", null);
        }
        return switch (s.state()) {
            case ContainerState.RUNNING ->
                new ContainerStateBuilder()
                        .withNewRunning()
                        .withStartedAt(text(s.startTime()))
                        .endRunning()
                        .build();
            case ContainerState.TERMINATED -> {
                int exit = s.exitCode() == null ? 0 : s.exitCode();
                String reason = s.reason() == null || s.reason().isBlank() || "completed".equalsIgnoreCase(s.reason())
                        ? (exit == 0 ? "Completed" : "Error")
                        : s.reason();
                yield new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(exit)
                        .withSignal(s.signal() == null || s.signal() == 0 ? null : s.signal())
                        .withReason(reason)
                        .withMessage(emptyToNull(s.message()))
                        .withStartedAt(text(s.startTime()))
                        .withFinishedAt(text(s.finishTime()))
                        .endTerminated()
                        .build();
            }
            default -> waiting(waitingReason(s.reason()), emptyToNull(s.message()));
        };
    }

    /** ECI says BackOff where a kubelet says CrashLoopBackOff; everything else passes through. */
    private static String waitingReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "ContainerCreating";
        }
        return "BackOff".equals(reason) ? "CrashLoopBackOff" : reason;
    }

    private static io.fabric8.kubernetes.api.model.ContainerState waiting(String reason, String message) {
        return new ContainerStateBuilder()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .build();
    }

    /** RFC3339 with whole seconds, as the apiserver stores metav1.Time; finer values would never compare equal. */
    public static String text(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
