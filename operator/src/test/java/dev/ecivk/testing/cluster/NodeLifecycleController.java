package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-controller-manager's node lifecycle controller. It notes when it last saw a Node's Lease renewed (or its
 * Ready heartbeat move); when that is older than the grace period it sets Ready, MemoryPressure, DiskPressure and
 * PIDPressure to Unknown ("Kubelet stopped posting node status."). It keeps the condition taints in step: Ready
 * Unknown → {@code unreachable} NoSchedule and NoExecute, Ready False → {@code not-ready} NoSchedule and NoExecute,
 * Ready True → neither; pressure conditions and {@code spec.unschedulable} → their NoSchedule taints. Each write
 * goes through the store and moves the Node's resourceVersion. Timers at the deadline, no polling.
 */
final class NodeLifecycleController extends ControllerLoop {
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String STOPPED_POSTING = "Kubelet stopped posting node status.";
    static final String NEVER_POSTED = "Kubelet never posted node status.";
    private static final List<String> KUBELET_CONDITIONS =
            List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    private static final Map<String, String> PRESSURE_TAINTS = Map.of(
            "MemoryPressure", "node.kubernetes.io/memory-pressure",
            "DiskPressure", "node.kubernetes.io/disk-pressure",
            "PIDPressure", "node.kubernetes.io/pid-pressure");
    private static final String LEASE_NAMESPACE = "kube-node-lease";

    /** What the controller last observed of a node's heartbeat, and when (its own clock, as the real one). */
    private record Probe(String renewTime, String heartbeat, Instant observedAt) {}

    private final ObjectStore store;
    private final ResourceType nodes;
    private final ResourceType leases;
    private final Duration grace;
    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    NodeLifecycleController(ObjectStore store, ResourceTypes types, Duration grace) {
        super("node-lifecycle-controller");
        this.store = store;
        this.nodes = types.nodes();
        this.leases = types.require("coordination.k8s.io", "leases");
        this.grace = grace;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        ResourceType type = change.resourceType();
        if (type.isNodes()) {
            enqueue(change.current().name());
        } else if (type.storageKey().equals(leases.storageKey())
                && LEASE_NAMESPACE.equals(change.current().namespace())) {
            enqueue(change.current().name());
        }
    }

    @Override
    protected void process(String name) {
        var node = store.get(nodes, null, name);
        if (node.isEmpty()) {
            probes.remove(name);
            return;
        }
        Instant now = store.clock().instant();
        String renewTime = store.get(leases, LEASE_NAMESPACE, name)
                .map(l -> l.object().path("spec").path("renewTime").asText(""))
                .orElse("");
        String heartbeat = Conditions.find(node.get().object(), "Ready")
                .map(c -> c.path("lastHeartbeatTime").asText(""))
                .orElse("");
        Probe probe = probes.compute(
                name,
                (k, last) -> last == null
                                || !last.renewTime().equals(renewTime)
                                || !last.heartbeat().equals(heartbeat)
                        ? new Probe(renewTime, heartbeat, now)
                        : last);
        Instant deadline = probe.observedAt().plus(grace);
        boolean silent = !now.isBefore(deadline);
        String stamp = store.now();
        store.update(nodes, null, name, n -> {
            boolean changed = silent && markUnknown(n, stamp);
            changed |= syncTaints(n, stamp);
            return changed ? n : null;
        });
        if (!silent) {
            enqueueAfter(name, Duration.between(now, deadline).plusMillis(10));
        }
    }

    private static boolean markUnknown(ObjectNode node, String now) {
        boolean changed = false;
        for (String type : KUBELET_CONDITIONS) {
            var existing = Conditions.find(node, type);
            if (existing.isPresent() && existing.get().path("status").asText().equals("Unknown")) {
                continue;
            }
            String reason = existing.isPresent() ? "NodeStatusUnknown" : "NodeStatusNeverUpdated";
            String message = existing.isPresent() ? STOPPED_POSTING : NEVER_POSTED;
            changed |= Conditions.set(node, type, "Unknown", reason, message, now);
            ObjectNode condition = (ObjectNode) Conditions.find(node, type).orElseThrow();
            if (!condition.has("lastHeartbeatTime")) {
                condition.put("lastHeartbeatTime", now);
            }
        }
        return changed;
    }

    /** Makes the condition taints match the conditions; keeps every other taint as it is. */
    private static boolean syncTaints(ObjectNode node, String now) {
        Map<String, List<String>> wanted = new LinkedHashMap<>();
        String ready = Conditions.status(node, "Ready");
        if (ready.equals("Unknown")) {
            wanted.put(UNREACHABLE, List.of("NoSchedule", "NoExecute"));
        } else if (ready.equals("False")) {
            wanted.put(NOT_READY, List.of("NoSchedule", "NoExecute"));
        }
        PRESSURE_TAINTS.forEach((condition, taint) -> {
            if (Conditions.status(node, condition).equals("True")) {
                wanted.put(taint, List.of("NoSchedule"));
            }
        });
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            wanted.put("node.kubernetes.io/unschedulable", List.of("NoSchedule"));
        }
        List<String> managed = new ArrayList<>(List.of(UNREACHABLE, NOT_READY, "node.kubernetes.io/unschedulable"));
        managed.addAll(PRESSURE_TAINTS.values());
        ArrayNode current = node.path("spec").path("taints").isArray()
                ? (ArrayNode) node.path("spec").path("taints")
                : JsonNodeFactory.instance.arrayNode();
        ArrayNode next = JsonNodeFactory.instance.arrayNode();
        for (JsonNode taint : current) {
            String key = taint.path("key").asText();
            String effect = taint.path("effect").asText();
            if (!managed.contains(key) || wanted.getOrDefault(key, List.of()).contains(effect)) {
                next.add(taint);
            }
        }
        wanted.forEach((key, effects) -> {
            for (String effect : effects) {
                if (!hasTaint(next, key, effect)) {
                    ObjectNode taint = next.addObject().put("key", key).put("effect", effect);
                    if (effect.equals("NoExecute")) {
                        taint.put("timeAdded", now);
                    }
                }
            }
        });
        if (Objects.equals(current, next)) {
            return false;
        }
        if (next.isEmpty()) {
            node.with("spec").remove("taints");
        } else {
            node.with("spec").set("taints", next);
        }
        return true;
    }

    private static boolean hasTaint(ArrayNode taints, String key, String effect) {
        for (JsonNode t : taints) {
            if (t.path("key").asText().equals(key) && t.path("effect").asText().equals(effect)) {
                return true;
            }
        }
        return false;
    }
}
