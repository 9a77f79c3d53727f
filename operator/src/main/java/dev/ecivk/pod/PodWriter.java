package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/** The only place that writes Pods: status, our annotations, and the final delete. */
final class PodWriter {
    private final KubernetesClient client;
    /** Per Pod UID: the resourceVersion our last status patch was computed from, and the one it produced. */
    private final Map<String, Sent> lastStatusPatch = new ConcurrentHashMap<>();

    private record Sent(String from, String produced) {}

    PodWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Patches the status subresource with the fields this node owns, when they differ from what the Pod has (a
     * strategic merge patch guarded by the Pod's UID, as a kubelet sends: see {@link PodStatusPatch}).
     *
     * @return true when a write happened
     */
    boolean writeStatus(Pod pod, PodStatus desired) {
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
        // resource(pod), not withName(name): the latter reads the Pod before patching it (one more request)
        Pod written = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .subresource("status")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.STRATEGIC_MERGE),
                        PodStatusPatch.json(patch));
        if (uid != null && version != null && written != null && written.getMetadata() != null) {
            lastStatusPatch.put(uid, new Sent(version, written.getMetadata().getResourceVersion()));
        }
        return true;
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
        // resource(pod), not withName(name): the latter reads the Pod before patching it (one more request)
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        patch);
    }

    /**
     * Deletes the Pod object with grace period 0 and a UID precondition, as a kubelet does once the containers are
     * gone: a re-created Pod with the same name is never touched. 404 and 409 mean "already done".
     */
    /** Asks the apiserver to delete a Pod with its own grace period (a drain); a Pod already gone is fine. */
    void deleteGracefully(Pod pod) {
        client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .delete();
    }

    void deleteNow(Pod pod) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String body = Serialization.asJson(Map.of(
                "apiVersion",
                "v1",
                "kind",
                "DeleteOptions",
                "gracePeriodSeconds",
                0,
                "preconditions",
                Map.of("uid", pod.getMetadata().getUid())));
        String url = client.getMasterUrl().toString().replaceAll("/$", "") + "/api/v1/namespaces/"
                + URLEncoder.encode(ns, StandardCharsets.UTF_8) + "/pods/"
                + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpRequest request = client.getHttpClient()
                .newHttpRequestBuilder()
                .uri(url)
                .method("DELETE", "application/json", body)
                .build();
        HttpResponse<String> response;
        try {
            response = client.getHttpClient().sendAsync(request, String.class).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while deleting pod " + ns + "/" + name, e);
        } catch (ExecutionException e) {
            throw new KubernetesClientException("deleting pod " + ns + "/" + name + " failed", e.getCause());
        }
        int code = response.code();
        if (code >= 300 && code != 404 && code != 409) {
            throw new KubernetesClientException(
                    "deleting pod " + ns + "/" + name + " failed with HTTP " + code + ": " + response.body(),
                    code,
                    null);
        }
    }
}
