package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * kube-controller-manager's PodGC for orphans: Pods bound to a Node that does not exist are, after a quarantine
 * delay, marked {@code DisruptionTarget} (reason DeletionByPodGC), failed when not already terminal, and deleted with
 * grace 0, as the real one does.
 */
final class PodGarbageCollector extends ControllerLoop {
    private final ObjectStore store;
    private final ResourceType pods;
    private final ResourceType nodes;
    private final Deletions deletions;
    private final Duration delay;

    PodGarbageCollector(ObjectStore store, ResourceTypes types, Deletions deletions, Duration delay) {
        super("pod-garbage-collector");
        this.store = store;
        this.pods = types.pods();
        this.nodes = types.nodes();
        this.deletions = deletions;
        this.delay = delay;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        StoredObject o = change.current();
        if (o.type().isNodes() && change.type() == ObjectStore.ChangeType.DELETED) {
            enqueueAfter(o.name(), delay);
        } else if (o.type().isPods() && change.type() != ObjectStore.ChangeType.DELETED) {
            String node = o.object().path("spec").path("nodeName").asText("");
            if (!node.isEmpty() && store.get(nodes, null, node).isEmpty()) {
                enqueueAfter(node, delay);
            }
        }
    }

    @Override
    protected void process(String node) {
        store.atomically(() -> {
            if (store.get(nodes, null, node).isPresent()) {
                return;
            }
            String now = store.now();
            for (StoredObject pod : store.list(
                            pods,
                            null,
                            p -> node.equals(p.path("spec").path("nodeName").asText()))
                    .items()) {
                store.update(pods, pod.namespace(), pod.name(), p -> {
                    JsonNode phase = p.path("status").path("phase");
                    if (!phase.asText().equals("Succeeded") && !phase.asText().equals("Failed")) {
                        p.with("status").put("phase", "Failed");
                    }
                    Conditions.set(
                            p, "DisruptionTarget", "True", "DeletionByPodGC", "PodGC: node no longer exists", now);
                    return p;
                });
                deletions.delete(pods, pod.namespace(), pod.name(), new Deletions.Options(0L, pod.uid(), null));
            }
        });
    }
}
