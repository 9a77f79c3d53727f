package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * kube-controller-manager's TTL controller: keeps the annotation {@code node.alpha.kubernetes.io/ttl} on every Node
 * ({@code "0"} in a cluster this small), written right after the Node appears and again whenever it goes missing,
 * so the Node's resourceVersion moves under a kubelet that registered it a moment before.
 */
final class TtlController extends ControllerLoop {
    static final String ANNOTATION = "node.alpha.kubernetes.io/ttl";

    private final ObjectStore store;
    private final ResourceType nodes;
    private final Duration delay;

    TtlController(ObjectStore store, ResourceTypes types, Duration delay) {
        super("ttl-controller");
        this.store = store;
        this.nodes = types.nodes();
        this.delay = delay;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        if (change.resourceType().isNodes()
                && change.type() != ObjectStore.ChangeType.DELETED
                && !"0"
                        .equals(change.current()
                                .object()
                                .path("metadata")
                                .path("annotations")
                                .path(ANNOTATION)
                                .asText(null))) {
            enqueueAfter(
                    change.current().name(), change.type() == ObjectStore.ChangeType.ADDED ? delay : Duration.ZERO);
        }
    }

    @Override
    protected void process(String node) {
        store.update(nodes, null, node, n -> {
            ObjectNode annotations = n.with("metadata").with("annotations");
            if ("0".equals(annotations.path(ANNOTATION).asText(null))) {
                return null;
            }
            annotations.put(ANNOTATION, "0");
            return n;
        });
    }
}
