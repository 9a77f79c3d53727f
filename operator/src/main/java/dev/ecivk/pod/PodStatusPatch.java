package dev.ecivk.pod;

import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The strategic merge patch a kubelet sends for a Pod's status: only the fields this node owns, so what other
 * components write meanwhile survives (the scheduler's {@code PodScheduled}, a controller's readiness-gate or
 * {@code DisruptionTarget} conditions, which the apiserver merges by {@code type}), and no resourceVersion, so a
 * concurrent writer never makes it fail. {@code metadata.uid} is a precondition: a Pod re-created with the same name
 * is never written (the apiserver answers 409).
 */
final class PodStatusPatch {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** The status fields a kubelet owns; {@code conditions} are merged per type. */
    static final List<String> OWN_FIELDS = List.of(
            "phase",
            "reason",
            "message",
            "hostIP",
            "hostIPs",
            "podIP",
            "podIPs",
            "startTime",
            "qosClass",
            "initContainerStatuses",
            "containerStatuses");

    private PodStatusPatch() {}

    /**
     * The patch taking {@code pod}'s status to {@code desired}, or null when they agree on every owned field.
     * Fields that {@code desired} leaves out are removed ({@code null}); conditions of the owned types are sent when
     * they changed.
     */
    static Map<String, Object> between(Pod pod, PodStatus desired) {
        Map<String, Object> current = asMap(pod.getStatus());
        Map<String, Object> wanted = asMap(desired);
        Map<String, Object> status = new LinkedHashMap<>();
        for (String field : OWN_FIELDS) {
            Object want = wanted.get(field);
            if (!Objects.equals(current.get(field), want)) {
                status.put(field, want); // null removes the field
            }
        }
        List<Map<String, Object>> conditions = changedConditions(pod.getStatus(), desired);
        if (!conditions.isEmpty()) {
            status.put("conditions", conditions);
        }
        if (status.isEmpty()) {
            return null;
        }
        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("metadata", Map.of("uid", pod.getMetadata().getUid()));
        patch.put("status", status);
        return patch;
    }

    private static List<Map<String, Object>> changedConditions(PodStatus current, PodStatus desired) {
        Set<String> own = StatusTranslator.OWN_CONDITIONS;
        List<PodCondition> had =
                current == null || current.getConditions() == null ? List.of() : current.getConditions();
        List<PodCondition> want = desired.getConditions() == null ? List.of() : desired.getConditions();
        return want.stream()
                .filter(c -> own.contains(c.getType()))
                .filter(c -> had.stream().noneMatch(h -> h.equals(c)))
                .map(c -> withRemovals(
                        c,
                        had.stream()
                                .filter(h -> Objects.equals(h.getType(), c.getType()))
                                .findFirst()
                                .orElse(null)))
                .toList();
    }

    /**
     * The condition as a patch element that also removes what the stored one has and the wanted one does not (a
     * {@code reason} left from False when it turns True): conditions merge by type, so a field left out is kept, and
     * the stored condition would differ from the wanted one on every later reconcile.
     */
    private static Map<String, Object> withRemovals(PodCondition wanted, PodCondition stored) {
        Map<String, Object> element = new LinkedHashMap<>(asMap(wanted));
        asMap(stored).keySet().forEach(field -> element.putIfAbsent(field, null));
        return element;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        if (value == null) {
            return Map.of();
        }
        return JSON.convertValue(value, Map.class);
    }

    static String json(Map<String, Object> patch) {
        return JSON.asJson(patch);
    }
}
