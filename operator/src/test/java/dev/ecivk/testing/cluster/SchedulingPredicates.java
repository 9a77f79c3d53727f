package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * kube-scheduler's default filter plugins, in their order (NodeUnschedulable, TaintToleration, NodeAffinity,
 * NodeResourcesFit), and its failure message. Pure: a Pod's JSON, what it requests, a node's view and its usage in,
 * reasons out.
 */
final class SchedulingPredicates {
    private SchedulingPredicates() {}

    /** What the scheduler knows of a node. */
    record NodeView(String name, JsonNode labels, JsonNode taints, boolean unschedulable, Amounts allocatable) {
        static NodeView of(JsonNode node) {
            JsonNode status = node.path("status");
            JsonNode allocatable =
                    status.path("allocatable").isObject() ? status.path("allocatable") : status.path("capacity");
            return new NodeView(
                    node.path("metadata").path("name").asText(),
                    node.path("metadata").path("labels"),
                    node.path("spec").path("taints"),
                    node.path("spec").path("unschedulable").asBoolean(false),
                    new Amounts(
                            milli(allocatable.path("cpu")),
                            bytes(allocatable.path("memory")),
                            count(allocatable.path("pods"))));
        }
    }

    /** cpu in millicores, memory in bytes, and a Pod count. */
    record Amounts(long cpu, long memory, long pods) {
        static final Amounts ZERO = new Amounts(0, 0, 0);

        Amounts plus(Amounts other) {
            return new Amounts(cpu + other.cpu, memory + other.memory, pods + other.pods);
        }

        Amounts minus(Amounts other) {
            return new Amounts(cpu - other.cpu, memory - other.memory, pods - other.pods);
        }
    }

    /** What a Pod takes from a node: the larger of its containers' sum and its biggest init container, plus one Pod. */
    static Amounts requests(JsonNode pod) {
        JsonNode spec = pod.path("spec");
        long cpu = 0;
        long memory = 0;
        for (JsonNode c : spec.path("containers")) {
            cpu += milli(request(c, "cpu"));
            memory += bytes(request(c, "memory"));
        }
        for (JsonNode c : spec.path("initContainers")) {
            cpu = Math.max(cpu, milli(request(c, "cpu")));
            memory = Math.max(memory, bytes(request(c, "memory")));
        }
        JsonNode overhead = spec.path("overhead");
        return new Amounts(cpu + milli(overhead.path("cpu")), memory + bytes(overhead.path("memory")), 1);
    }

    private static JsonNode request(JsonNode container, String resource) {
        JsonNode requests = container.path("resources").path("requests");
        return requests.has(resource)
                ? requests.get(resource)
                : container.path("resources").path("limits").path(resource);
    }

    private static long milli(JsonNode q) {
        return q.isMissingNode() || q.isNull()
                ? 0
                : amount(q).multiply(BigDecimal.valueOf(1000)).longValue();
    }

    private static long bytes(JsonNode q) {
        return q.isMissingNode() || q.isNull() ? 0 : amount(q).longValue();
    }

    private static long count(JsonNode q) {
        return q.isMissingNode() || q.isNull() ? 0 : amount(q).longValue();
    }

    private static BigDecimal amount(JsonNode q) {
        return Quantity.getAmountInBytes(new Quantity(q.asText()));
    }

    /**
     * Why {@code pod} does not fit {@code node}: the reasons of the first failing filter (NodeResourcesFit may give
     * several), or none. {@code resolvable} tells whether preemption could help (only resource shortages).
     */
    record Verdict(List<String> reasons, boolean resolvable) {
        boolean fits() {
            return reasons.isEmpty();
        }
    }

    static Verdict evaluate(JsonNode pod, Amounts request, NodeView node, Amounts used) {
        JsonNode tolerations = pod.path("spec").path("tolerations");
        if (node.unschedulable() && !tolerates(tolerations, "node.kubernetes.io/unschedulable", "", "NoSchedule")) {
            return new Verdict(List.of("node(s) were unschedulable"), false);
        }
        for (JsonNode taint : node.taints()) {
            String effect = taint.path("effect").asText();
            if ((effect.equals("NoSchedule") || effect.equals("NoExecute"))
                    && !tolerates(
                            tolerations,
                            taint.path("key").asText(),
                            taint.path("value").asText(""),
                            effect)) {
                return new Verdict(
                        List.of("node(s) had untolerated taint {"
                                + taint.path("key").asText() + ": "
                                + taint.path("value").asText("") + "}"),
                        false);
            }
        }
        if (!NodeAffinity.matches(pod.path("spec"), node)) {
            return new Verdict(List.of("node(s) didn't match Pod's node affinity/selector"), false);
        }
        List<String> reasons = new ArrayList<>();
        Amounts free = node.allocatable().minus(used);
        if (free.pods() < 1) {
            reasons.add("Too many pods");
        }
        if (request.cpu() > 0 && request.cpu() > free.cpu()) {
            reasons.add("Insufficient cpu");
        }
        if (request.memory() > 0 && request.memory() > free.memory()) {
            reasons.add("Insufficient memory");
        }
        return new Verdict(reasons, true);
    }

    /** Toleration.ToleratesTaint. */
    static boolean tolerates(JsonNode tolerations, String key, String value, String effect) {
        for (JsonNode t : tolerations) {
            String tEffect = t.path("effect").asText("");
            String tKey = t.path("key").asText("");
            if (!tEffect.isEmpty() && !tEffect.equals(effect)) {
                continue;
            }
            if (!tKey.isEmpty() && !tKey.equals(key)) {
                continue;
            }
            String operator = t.path("operator").asText("Equal");
            if (operator.equals("Exists")
                    || (operator.equals("Equal") && t.path("value").asText("").equals(value))) {
                return true;
            }
        }
        return false;
    }

    /** The FailedScheduling message of kube-scheduler for these per-node verdicts. */
    static String message(Map<String, Verdict> verdicts) {
        int nodes = verdicts.size();
        if (nodes == 0) {
            return "no nodes available to schedule pods";
        }
        Map<String, Integer> counts = new TreeMap<>();
        int noVictims = 0;
        int notHelpful = 0;
        for (Verdict v : verdicts.values()) {
            v.reasons().forEach(r -> counts.merge(r, 1, Integer::sum));
            if (v.resolvable()) {
                noVictims++;
            } else {
                notHelpful++;
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        List<String> preemption = new ArrayList<>();
        if (noVictims > 0) {
            preemption.add(noVictims + " No preemption victims found for incoming pod");
        }
        if (notHelpful > 0) {
            preemption.add(notHelpful + " Preemption is not helpful for scheduling");
        }
        return "0/" + nodes + " nodes are available: " + String.join(", ", parts) + ". preemption: 0/" + nodes
                + " nodes are available: " + String.join(", ", preemption) + ".";
    }
}
