package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * {@code pods/binding} and {@code pods/eviction}. A binding sets {@code spec.nodeName} and {@code PodScheduled=True}
 * in one write, as the apiserver's BindingREST does (the mock accepts a binding and changes nothing), and refuses a
 * Pod already bound; an eviction deletes the Pod as a DELETE with the eviction's options would (no
 * PodDisruptionBudgets here).
 */
final class PodSubresources {
    private final ObjectStore store;
    private final ResourceType pods;
    private final Deletions deletions;

    PodSubresources(ObjectStore store, ResourceTypes types, Deletions deletions) {
        this.store = store;
        this.pods = types.pods();
        this.deletions = deletions;
    }

    void register(ApiServerDispatcher dispatcher) {
        dispatcher.handle("POST", "pods", "binding", this::binding);
        dispatcher.handle("POST", "pods", "eviction", this::eviction);
        dispatcher.handleCreate("bindings", this::bindingByName);
    }

    /**
     * Binds a Pod to a node.
     *
     * @param uid when not empty, the Pod's uid (the binding's precondition)
     */
    StoredObject bind(String namespace, String name, String uid, String node) {
        return store.atomically(() -> {
            StoredObject pod = store.require(pods, namespace, name);
            if (!uid.isEmpty() && !uid.equals(pod.uid())) {
                throw ApiException.uidPrecondition(pods, name, uid, pod.uid());
            }
            String current = pod.object().path("spec").path("nodeName").asText("");
            if (!current.isEmpty()) {
                throw ApiException.conflict(
                        pods, name, "pod " + name + " is already assigned to node \"" + current + "\"");
            }
            if (pod.object().path("metadata").hasNonNull("deletionTimestamp")) {
                throw ApiException.conflict(
                        pods, name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            ObjectNode bound = pod.copy();
            bound.with("spec").put("nodeName", node);
            Conditions.set(bound, "PodScheduled", "True", "", "", store.now());
            ObjectNode condition =
                    (ObjectNode) Conditions.find(bound, "PodScheduled").orElseThrow();
            condition.remove("reason");
            condition.remove("message");
            condition.putNull("lastProbeTime");
            return store.replace(pods, bound, null);
        });
    }

    private MockResponse binding(RecordedRequest request, ApiPath path, ResourceType type) {
        ObjectNode body = ApiServerDispatcher.body(request);
        bind(path.namespace(), path.name(), uid(body), target(body));
        return created();
    }

    private MockResponse bindingByName(RecordedRequest request, ApiPath path, ResourceType bindings) {
        ObjectNode body = ApiServerDispatcher.body(request);
        String name = body.path("metadata").path("name").asText("");
        if (name.isEmpty()) {
            throw ApiException.badRequest("a Binding names its Pod in metadata.name");
        }
        bind(path.namespace(), name, uid(body), target(body));
        return created();
    }

    private static String uid(JsonNode binding) {
        return binding.path("metadata").path("uid").asText("");
    }

    private static String target(JsonNode binding) {
        String node = binding.path("target").path("name").asText("");
        if (node.isEmpty()) {
            throw ApiException.badRequest("a Binding names its node in target.name");
        }
        return node;
    }

    private MockResponse eviction(RecordedRequest request, ApiPath path, ResourceType type) {
        ObjectNode body = ApiServerDispatcher.body(request);
        JsonNode options = body.path("deleteOptions");
        deletions.delete(
                pods,
                path.namespace(),
                path.name(),
                Deletions.Options.from(options.isObject() ? options : JsonNodeFactory.instance.objectNode(), path));
        return created();
    }

    private static MockResponse created() {
        ObjectNode status = JsonNodeFactory.instance
                .objectNode()
                .put("kind", "Status")
                .put("apiVersion", "v1")
                .put("status", "Success")
                .put("code", 201);
        status.putObject("metadata");
        return ApiServerDispatcher.json(201, status);
    }
}
