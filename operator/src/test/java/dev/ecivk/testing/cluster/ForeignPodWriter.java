package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Another controller of the cluster (a policy engine, say) that, shortly after a Pod is bound to a node, labels and
 * annotates it, adds itself as a (non-controller) owner, and sets its own readiness-gate style condition: two writes,
 * each moving the resourceVersion. A component that PUTs back a whole Pod it read earlier either gets a 409 or,
 * without a resourceVersion, erases these; {@link ForeignWrites} names them so a test can look.
 */
final class ForeignPodWriter extends ControllerLoop {
    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType configMaps;
    private final Duration delay;

    ForeignPodWriter(ObjectStore store, ResourceTypes types, Duration delay) {
        super("foreign-pod-writer");
        this.store = store;
        this.pods = types.pods();
        this.configMaps = types.require("", "configmaps");
        this.delay = delay;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        if (!change.resourceType().isPods() || change.type() == ObjectStore.ChangeType.DELETED) {
            return;
        }
        boolean boundNow = !nodeName(change.current().object()).isEmpty();
        boolean boundBefore = change.previous() != null
                && !nodeName(change.previous().object()).isEmpty();
        if (boundNow && !boundBefore) {
            enqueueAfter(change.current().namespace() + "/" + change.current().name(), delay);
        }
    }

    private static String nodeName(JsonNode pod) {
        return pod.path("spec").path("nodeName").asText("");
    }

    @Override
    protected void process(String key) {
        String namespace = key.substring(0, key.indexOf('/'));
        String name = key.substring(key.indexOf('/') + 1);
        StoredObject owner = store.atomically(() -> store.get(configMaps, namespace, ForeignWrites.OWNER_NAME)
                .orElseGet(() -> {
                    ObjectNode cm = StoredObject.MAPPER.createObjectNode();
                    cm.putObject("metadata")
                            .put("name", ForeignWrites.OWNER_NAME)
                            .put("namespace", namespace);
                    return store.create(configMaps, cm);
                }));
        store.update(pods, namespace, name, pod -> {
            if (pod.path("metadata").hasNonNull("deletionTimestamp")) {
                return null;
            }
            ObjectNode metadata = pod.with("metadata");
            metadata.with("labels").put(ForeignWrites.LABEL, ForeignWrites.VALUE);
            metadata.with("annotations").put(ForeignWrites.ANNOTATION, ForeignWrites.VALUE);
            ArrayNode owners = metadata.withArray("ownerReferences");
            owners.addObject()
                    .put("apiVersion", "v1")
                    .put("kind", "ConfigMap")
                    .put("name", owner.name())
                    .put("uid", owner.uid())
                    .put("controller", false)
                    .put("blockOwnerDeletion", false);
            return pod;
        });
        String now = store.now();
        store.update(
                pods,
                namespace,
                name,
                pod -> pod.path("metadata").hasNonNull("deletionTimestamp")
                                || !Conditions.set(
                                        pod,
                                        ForeignWrites.CONDITION,
                                        "True",
                                        "GatePassed",
                                        "checked by the auditor",
                                        now)
                        ? null
                        : pod);
    }
}
