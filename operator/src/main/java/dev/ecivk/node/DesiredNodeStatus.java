package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The status a virtual Node should show, and whether the one it shows needs a write: our conditions (transition
 * times kept while unchanged), capacity and allocatable, addresses, daemon endpoint and node info; the conditions and
 * fields other components own are kept.
 */
final class DesiredNodeStatus {
    /** The condition types this controller owns; others' conditions on the Node are kept as they are. */
    static final Set<String> OWN_CONDITIONS =
            Set.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure", "NetworkUnavailable");

    private DesiredNodeStatus() {}

    /** The capacity with the advertised allocatable amounts, each no higher than its capacity. */
    static Map<String, Quantity> allocatable(
            Map<String, Quantity> capacity, Map<String, Quantity> allocatableOverride) {
        Map<String, Quantity> out = new LinkedHashMap<>(capacity);
        allocatableOverride.forEach((resource, amount) -> {
            Quantity cap = capacity.get(resource);
            if (cap != null && Quantity.getAmountInBytes(amount).compareTo(Quantity.getAmountInBytes(cap)) < 0) {
                out.put(resource, amount);
            }
        });
        return out;
    }

    /**
     * The status the Node should have now, built on {@code current}'s: our conditions (transition times kept while
     * unchanged), capacity, addresses, daemon endpoint and node info replace what is there; the conditions and
     * fields other components own stay.
     */
    static NodeStatus of(
            Node current,
            NodeSettings s,
            Map<String, Quantity> allocatableOverride,
            boolean providerHealthy,
            String providerProblem,
            Clock clock) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        NodeStatus base = current == null || current.getStatus() == null ? new NodeStatus() : current.getStatus();
        List<NodeCondition> previous = base.getConditions() == null ? List.of() : base.getConditions();
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition(
                previous,
                "Ready",
                providerHealthy,
                providerHealthy ? "KubeletReady" : "ProviderUnreachable",
                providerHealthy ? "the provider answers" : providerProblem,
                now));
        conditions.add(condition(previous, "MemoryPressure", false, "KubeletHasSufficientMemory", "virtual node", now));
        conditions.add(condition(previous, "DiskPressure", false, "KubeletHasNoDiskPressure", "virtual node", now));
        conditions.add(condition(previous, "PIDPressure", false, "KubeletHasSufficientPID", "virtual node", now));
        conditions.add(condition(previous, "NetworkUnavailable", false, "RouteCreated", "virtual node", now));
        previous.stream().filter(c -> !OWN_CONDITIONS.contains(c.getType())).forEach(conditions::add);
        return new NodeStatusBuilder(base)
                .withCapacity(s.capacity())
                .withAllocatable(allocatable(s.capacity(), allocatableOverride))
                .withConditions(conditions)
                .withAddresses(s.addresses().toNodeAddresses())
                .withNewDaemonEndpoints()
                .withNewKubeletEndpoint()
                .withPort(s.kubeletPort())
                .endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withKubeletVersion("v1.32.0-ecivk-" + s.version())
                .withKubeProxyVersion("")
                .withContainerRuntimeVersion("eci://2018-08-08")
                .withOsImage("Alibaba Cloud Elastic Container Instance")
                .withKernelVersion("")
                .withMachineID(s.nodeName())
                .withSystemUUID(s.nodeName())
                .withBootID("")
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(
            List<NodeCondition> previous, String type, boolean value, String reason, String message, String now) {
        String status = value ? "True" : "False";
        String transition = previous.stream()
                .filter(c ->
                        type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(NodeCondition::getLastTransitionTime)
                .findFirst()
                .orElse(now);
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(transition)
                .build();
    }

    /** Whether the Node's status differs from ours (heartbeat times aside), e.g. after the lifecycle controller. */
    static boolean changed(Node node, NodeStatus desired) {
        NodeStatus current = node.getStatus();
        if (current == null) {
            return true;
        }
        return !Objects.equals(withoutHeartbeats(current.getConditions()), withoutHeartbeats(desired.getConditions()))
                || !Objects.equals(current.getAddresses(), desired.getAddresses())
                || !Objects.equals(current.getCapacity(), desired.getCapacity())
                || !Objects.equals(current.getAllocatable(), desired.getAllocatable())
                || !Objects.equals(current.getDaemonEndpoints(), desired.getDaemonEndpoints());
    }

    private static List<String> withoutHeartbeats(List<NodeCondition> conditions) {
        return conditions == null
                ? List.of()
                : conditions.stream()
                        .map(c -> c.getType() + "=" + c.getStatus() + "/" + c.getReason() + "/" + c.getMessage())
                        .sorted()
                        .toList();
    }

    /** Whether the Ready heartbeat on the Node is older than the status interval. */
    static boolean due(Node node, Duration statusInterval, Clock clock) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return true;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getLastHeartbeatTime)
                .filter(Objects::nonNull)
                .map(Instant::parse)
                .noneMatch(t -> t.plus(statusInterval).isAfter(clock.instant()));
    }
}
