package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecivk.testing.cluster.SchedulingPredicates.Amounts;
import dev.ecivk.testing.cluster.SchedulingPredicates.NodeView;
import dev.ecivk.testing.cluster.SchedulingPredicates.Verdict;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * kube-scheduler for Pods whose {@code schedulerName} is {@code default-scheduler}: each unbound Pod is checked against
 * every Node by {@link SchedulingPredicates} with the Node's allocatable resources less what the bound, non-terminal
 * Pods already take, and bound to the least allocated fitting Node ({@code PodScheduled=True}, a Scheduled Event), or
 * left Pending with {@code PodScheduled=False}, reason Unschedulable and kube-scheduler's message (a FailedScheduling
 * Event when it changes). Unschedulable Pods are retried when a Node's schedulable facts change or capacity is freed.
 * The cache of Nodes and usage follows the store's changes, so thousands of Pods schedule in seconds.
 */
final class Scheduler extends ControllerLoop {
    static final String NAME = "default-scheduler";

    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType events;
    private final PodSubresources binder;
    private final Map<String, NodeView> nodes = new TreeMap<>();
    private final Map<String, Amounts> usedByNode = new HashMap<>();
    /** The bound, non-terminal Pods and what they take: key → (node, amounts). */
    private final Map<String, Map.Entry<String, Amounts>> counted = new HashMap<>();

    private final Set<String> unschedulable = ConcurrentHashMap.newKeySet();

    Scheduler(ObjectStore store, ResourceTypes types, PodSubresources binder) {
        super("scheduler");
        this.store = store;
        this.pods = types.pods();
        this.events = types.require("", "events");
        this.binder = binder;
    }

    private static String key(StoredObject o) {
        return o.namespace() + "/" + o.name();
    }

    @Override
    public synchronized void onChange(ObjectStore.Change change) {
        StoredObject o = change.current();
        if (o.type().isNodes()) {
            NodeView before = nodes.get(o.name());
            if (change.type() == ObjectStore.ChangeType.DELETED) {
                nodes.remove(o.name());
            } else {
                NodeView now = NodeView.of(o.object());
                nodes.put(o.name(), now);
                if (!now.equals(before)) {
                    retryUnschedulable();
                }
            }
        } else if (o.type().isPods()) {
            pod(change);
        }
    }

    private void pod(ObjectStore.Change change) {
        String key = key(change.current());
        JsonNode pod = change.current().object();
        var was = counted.remove(key);
        if (was != null) {
            usedByNode.merge(was.getKey(), Amounts.ZERO.minus(was.getValue()), Amounts::plus);
        }
        String node = pod.path("spec").path("nodeName").asText("");
        String phase = pod.path("status").path("phase").asText("");
        boolean gone = change.type() == ObjectStore.ChangeType.DELETED;
        if (!gone && !node.isEmpty() && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            Amounts takes = SchedulingPredicates.requests(pod);
            counted.put(key, Map.entry(node, takes));
            usedByNode.merge(node, takes, Amounts::plus);
        } else if (was != null) {
            retryUnschedulable(); // capacity freed
        }
        if (!gone && node.isEmpty() && ours(pod) && !pod.path("metadata").hasNonNull("deletionTimestamp")) {
            enqueue(key);
        } else {
            unschedulable.remove(key);
        }
    }

    private static boolean ours(JsonNode pod) {
        return pod.path("spec").path("schedulerName").asText(NAME).equals(NAME);
    }

    private void retryUnschedulable() {
        unschedulable.forEach(this::enqueue);
    }

    @Override
    protected void process(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        store.atomically(() -> {
            StoredObject pod = store.get(pods, namespace, name).orElse(null);
            if (pod == null
                    || !pod.object().path("spec").path("nodeName").asText("").isEmpty()
                    || pod.object().path("metadata").hasNonNull("deletionTimestamp")) {
                unschedulable.remove(key);
                return;
            }
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            String best = choose(pod.object(), verdicts);
            if (best != null) {
                unschedulable.remove(key);
                binder.bind(namespace, name, pod.uid(), best);
                event(pod, "Normal", "Scheduled", "Successfully assigned " + key + " to " + best);
            } else {
                unschedulable.add(key);
                failed(pod, SchedulingPredicates.message(verdicts));
            }
        });
    }

    private synchronized String choose(JsonNode pod, Map<String, Verdict> verdicts) {
        Amounts request = SchedulingPredicates.requests(pod);
        String best = null;
        double bestScore = -1;
        for (NodeView node : nodes.values()) {
            Amounts used = usedByNode.getOrDefault(node.name(), Amounts.ZERO);
            Verdict verdict = SchedulingPredicates.evaluate(pod, request, node, used);
            verdicts.put(node.name(), verdict);
            if (verdict.fits()) {
                double score = freeFraction(node.allocatable().cpu(), used.cpu() + request.cpu())
                        + freeFraction(node.allocatable().memory(), used.memory() + request.memory());
                if (score > bestScore) {
                    best = node.name();
                    bestScore = score;
                }
            }
        }
        return best;
    }

    private static double freeFraction(long allocatable, long used) {
        return allocatable <= 0 ? 0 : (allocatable - used) / (double) allocatable;
    }

    private void failed(StoredObject pod, String message) {
        String now = store.now();
        boolean[] changed = {false};
        store.update(pods, pod.namespace(), pod.name(), p -> {
            changed[0] = Conditions.set(p, "PodScheduled", "False", "Unschedulable", message, now);
            return changed[0] ? p : null;
        });
        if (changed[0]) {
            event(pod, "Warning", "FailedScheduling", message);
        }
    }

    private void event(StoredObject pod, String type, String reason, String message) {
        String now = store.now();
        ObjectNode event = StoredObject.MAPPER.createObjectNode();
        event.putObject("metadata")
                .put("name", pod.name() + "." + Long.toHexString(System.nanoTime()))
                .put("namespace", pod.namespace());
        event.putObject("involvedObject")
                .put("kind", "Pod")
                .put("apiVersion", "v1")
                .put("namespace", pod.namespace())
                .put("name", pod.name())
                .put("uid", pod.uid());
        event.put("reason", reason).put("message", message).put("type", type);
        event.putObject("source").put("component", NAME);
        event.put("reportingComponent", NAME)
                .put("firstTimestamp", now)
                .put("lastTimestamp", now)
                .put("count", 1);
        store.create(events, event);
    }

    /** The Pods this scheduler could not place, as namespace/name. */
    List<String> unschedulablePods() {
        return List.copyOf(unschedulable);
    }
}
