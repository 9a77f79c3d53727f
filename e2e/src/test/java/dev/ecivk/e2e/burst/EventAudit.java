package dev.ecivk.e2e.burst;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Events on the run's Pods as the apiserver holds them, against those a kubelet owes each Pod: the container
 * group's Scheduled and, per container, Pulling, Pulled, Created and Started. One that is missing after the steady
 * state was dropped on the way (or never sent). Listed by the benchmark's client, so the list is not counted as the
 * kubelet's request.
 */
final class EventAudit {
    /** A kubelet's Events for each container on its way to running. */
    static final List<String> PER_CONTAINER = List.of("Pulling", "Pulled", "Created", "Started");

    /** ECI's Event for each container group, which the controller forwards. */
    static final List<String> PER_GROUP = List.of("Scheduled");

    /**
     * @param byReason Events on the Pods by reason (each Event once, whatever its count)
     * @param expected Events a kubelet owes the Pods: {@link #PER_GROUP} and {@link #PER_CONTAINER} of each
     * @param missingByReason the owed Events that are not there, by reason
     */
    record Result(int pods, Map<String, Long> byReason, long expected, Map<String, Long> missingByReason) {
        long total() {
            return byReason.values().stream().mapToLong(Long::longValue).sum();
        }

        long missing() {
            return missingByReason.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private EventAudit() {}

    /** Lists {@code namespace}'s Events and audits those on {@code podNames}, each with {@code containers}. */
    static Result audit(KubernetesClient client, String namespace, Collection<String> podNames, int containers) {
        List<Event> events = client.v1().events().inNamespace(namespace).list().getItems();
        return audit(events, podNames, containers);
    }

    static Result audit(List<Event> events, Collection<String> podNames, int containers) {
        Set<String> pods = new HashSet<>(podNames);
        Map<String, Long> byReason = new TreeMap<>();
        Map<String, Map<String, Long>> reasonsByPod = new HashMap<>();
        for (Event e : events) {
            ObjectReference on = e.getInvolvedObject();
            if (on == null || !"Pod".equals(on.getKind()) || !pods.contains(on.getName())) {
                continue;
            }
            byReason.merge(e.getReason(), 1L, Long::sum);
            reasonsByPod.computeIfAbsent(on.getName(), k -> new HashMap<>()).merge(e.getReason(), 1L, Long::sum);
        }
        Map<String, Long> missing = new TreeMap<>();
        for (String pod : pods) {
            Map<String, Long> seen = reasonsByPod.getOrDefault(pod, Map.of());
            PER_GROUP.forEach(r -> owe(missing, r, 1, seen));
            PER_CONTAINER.forEach(r -> owe(missing, r, containers, seen));
        }
        long expected = (long) pods.size() * (PER_GROUP.size() + (long) PER_CONTAINER.size() * containers);
        return new Result(pods.size(), byReason, expected, missing);
    }

    private static void owe(Map<String, Long> missing, String reason, int owed, Map<String, Long> seen) {
        long lacking = owed - Math.min(owed, seen.getOrDefault(reason, 0L));
        if (lacking > 0) {
            missing.merge(reason, lacking, Long::sum);
        }
    }
}
