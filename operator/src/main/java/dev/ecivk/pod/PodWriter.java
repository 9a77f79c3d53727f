package dev.ecivk.pod;

import dev.ecivk.kube.RawPodWrites;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The only place that writes Pods: status, our annotations, and the final delete. */
final class PodWriter {
    private final KubernetesClient client;
    private final RawPodWrites raw;
    /**
     * Per Pod UID: the resourceVersion our last status patch was computed from, the one it produced, and what it
     * showed (the group's state, or null).
     */
    private final Map<String, Sent> lastStatusPatch = new ConcurrentHashMap<>();

    private record Sent(String from, String produced, Object basis) {}

    PodWriter(KubernetesClient client) {
        this.client = client;
        this.raw = new RawPodWrites(client);
    }

    /**
     * Patches the status subresource with the fields this node owns, when they differ from what the Pod has (a
     * strategic merge patch guarded by the Pod's UID, as a kubelet sends: see {@link PodStatusPatch}).
     *
     * @return true when a write happened
     */
    boolean writeStatus(Pod pod, PodStatus desired) {
        return writeStatus(pod, desired, null);
    }

    /** {@link #writeStatus(Pod, PodStatus)} of the status that shows {@code basis} (a group's state). */
    boolean writeStatus(Pod pod, PodStatus desired, Object basis) {
        Map<String, Object> patch = PodStatusPatch.between(pod, desired);
        if (patch == null) {
            return false;
        }
        String uid = pod.getMetadata().getUid();
        String version = pod.getMetadata().getResourceVersion();
        Sent last = uid == null ? null : lastStatusPatch.get(uid);
        if (last != null && version != null && version.equals(last.from()) && !version.equals(last.produced())) {
            // the cache still shows the Pod from before our last patch: a diff against it repeats that patch. The
            // patch's own watch event brings the Pod as it is now, and this reconcile runs again then
            return false;
        }
        String produced = raw.patch(pod, "status", RawPodWrites.STRATEGIC_MERGE, PodStatusPatch.json(patch));
        if (uid != null && version != null && produced != null) {
            lastStatusPatch.put(uid, new Sent(version, produced, basis));
        }
        return true;
    }

    /**
     * Whether the Pod is exactly as our last status patch left it, and that patch showed {@code basis}: then the status
     * it should show is the one it has (the watch event of our own patch needs no new status).
     */
    boolean showsOurLastPatchOf(Pod pod, Object basis) {
        Sent last = pod.getMetadata().getUid() == null
                ? null
                : lastStatusPatch.get(pod.getMetadata().getUid());
        return last != null
                && last.basis() != null
                && Objects.equals(last.basis(), basis)
                && Objects.equals(pod.getMetadata().getResourceVersion(), last.produced());
    }

    /** The Pod is gone: nothing about it is kept. */
    void forget(String uid) {
        lastStatusPatch.remove(uid);
    }

    /** Adds the UIDs of the Pods this writer remembers a status patch of. */
    void rememberedInto(java.util.Set<String> uids) {
        uids.addAll(lastStatusPatch.keySet());
    }

    /**
     * Adds our annotations: a JSON merge patch of {@code metadata.annotations} only, without a resourceVersion, so it
     * never conflicts with (nor undoes) what others write on the Pod.
     */
    void annotate(Pod pod, Map<String, String> annotations) {
        Map<String, String> current = pod.getMetadata().getAnnotations();
        if (current != null
                && annotations.entrySet().stream()
                        .allMatch(e -> Objects.equals(current.get(e.getKey()), e.getValue()))) {
            return;
        }
        String patch = Serialization.asJson(Map.of("metadata", Map.of("annotations", annotations)));
        raw.patch(pod, null, RawPodWrites.JSON_MERGE, patch);
    }

    /** Asks the apiserver to delete a Pod with its own grace period (a drain); a Pod already gone is fine. */
    void deleteGracefully(Pod pod) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .delete();
    }

    /**
     * Deletes the Pod object with grace period 0 and a UID precondition, as a kubelet does once the containers are
     * gone: a re-created Pod with the same name is never touched. 404 and 409 mean "already done".
     */
    void deleteNow(Pod pod) {
        raw.delete(
                pod,
                Serialization.asJson(Map.of(
                        "apiVersion",
                        "v1",
                        "kind",
                        "DeleteOptions",
                        "gracePeriodSeconds",
                        0,
                        "preconditions",
                        Map.of("uid", pod.getMetadata().getUid()))));
    }
}
