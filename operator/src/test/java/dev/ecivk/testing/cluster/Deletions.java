package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * DELETE as the apiserver's registry does it. Preconditions ({@code uid}, {@code resourceVersion}) are a 409 on
 * mismatch. A Pod bound to a node is deleted gracefully: the request sets {@code deletionTimestamp} (now plus the
 * grace period: the request's, else the Pod's {@code terminationGracePeriodSeconds}, else 30 s) and
 * {@code deletionGracePeriodSeconds}, and the object stays until someone (the kubelet) deletes it again with grace
 * 0; a later DELETE may only shorten the grace period. Unbound and terminal Pods, and every other type, go at once
 * unless finalizers hold them, in which case they are marked and removed with their last finalizer.
 */
final class Deletions {
    private final ObjectStore store;
    private final ClusterSettings settings;

    Deletions(ObjectStore store, ClusterSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** The DeleteOptions of a request: its body, with the query's gracePeriodSeconds when the body has none. */
    record Options(Long gracePeriodSeconds, String uid, String resourceVersion) {
        static Options from(JsonNode body, ApiPath path) {
            Long grace = body.hasNonNull("gracePeriodSeconds")
                    ? Long.valueOf(body.get("gracePeriodSeconds").asLong())
                    : path.param("gracePeriodSeconds").map(Long::valueOf).orElse(null);
            JsonNode preconditions = body.path("preconditions");
            return new Options(
                    grace,
                    preconditions.path("uid").asText(null),
                    preconditions.path("resourceVersion").asText(null));
        }

        static Options none() {
            return new Options(null, null, null);
        }
    }

    /** Deletes or marks one object; returns its state after the request (the last state when it is gone). */
    StoredObject delete(ResourceType type, String namespace, String name, Options options) {
        return store.atomically(() -> {
            StoredObject current = store.require(type, namespace, name);
            if (options.uid() != null && !options.uid().equals(current.uid())) {
                throw ApiException.uidPrecondition(type, name, options.uid(), current.uid());
            }
            if (options.resourceVersion() != null
                    && !options.resourceVersion().equals(String.valueOf(current.resourceVersion()))) {
                throw ApiException.conflict(
                        type,
                        name,
                        "Precondition failed: ResourceVersion in precondition: " + options.resourceVersion()
                                + ", ResourceVersion in object meta: " + current.resourceVersion());
            }
            long grace = gracePeriod(type, current.object(), options);
            JsonNode metadata = current.object().path("metadata");
            boolean finalizers = !metadata.path("finalizers").isEmpty()
                    || !current.object().path("spec").path("finalizers").isEmpty(); // a namespace's
            if (metadata.hasNonNull("deletionTimestamp")) {
                long pending = metadata.path("deletionGracePeriodSeconds").asLong(0);
                if (grace >= pending) {
                    return current; // already being deleted, at least as soon
                }
            } else if (grace == 0 && !finalizers) {
                return store.remove(type, namespace, name);
            }
            ObjectNode marked = current.copy();
            ObjectNode meta = marked.with("metadata");
            meta.put(
                    "deletionTimestamp",
                    Instant.now(store.clock())
                            .plusSeconds(grace)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
            meta.put("deletionGracePeriodSeconds", grace);
            return store.replace(type, marked, null);
        });
    }

    /** DELETE of a collection: each matching object as if deleted one by one. */
    List<StoredObject> deleteCollection(
            ResourceType type, String namespace, Predicate<JsonNode> selector, Options options) {
        return store.atomically(() -> {
            List<StoredObject> results = new ArrayList<>();
            for (StoredObject o : store.list(type, namespace, selector).items()) {
                results.add(delete(type, o.namespace(), o.name(), options));
            }
            return results;
        });
    }

    private long gracePeriod(ResourceType type, JsonNode object, Options options) {
        if (!type.isPods() || !settings.on(Behaviour.GRACEFUL_DELETION)) {
            return 0;
        }
        JsonNode spec = object.path("spec");
        String phase = object.path("status").path("phase").asText("");
        if (spec.path("nodeName").asText("").isEmpty() || phase.equals("Succeeded") || phase.equals("Failed")) {
            return 0;
        }
        long grace = Optional.ofNullable(options.gracePeriodSeconds())
                .orElse(spec.path("terminationGracePeriodSeconds").asLong(30));
        return Math.max(grace, 0);
    }
}
