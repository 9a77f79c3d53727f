package dev.ecivk.testing.cluster;

import java.time.Duration;

/**
 * A node-problem-detector: adds its own condition ({@code KernelDeadlock=False}) to each new Node's status, once.
 * A kubelet that replaces the whole status list instead of patching its own conditions drops it for good, and a
 * test sees that.
 */
final class NodeProblemDetector extends ControllerLoop {
    static final String CONDITION = "KernelDeadlock";
    static final String REASON = "KernelHasNoDeadlock";
    static final String MESSAGE = "kernel has no deadlock";

    private final ObjectStore store;
    private final ResourceType nodes;
    private final Duration delay;

    NodeProblemDetector(ObjectStore store, ResourceTypes types, Duration delay) {
        super("node-problem-detector");
        this.store = store;
        this.nodes = types.nodes();
        this.delay = delay;
    }

    @Override
    public void onChange(ObjectStore.Change change) {
        if (change.resourceType().isNodes() && change.type() == ObjectStore.ChangeType.ADDED) {
            enqueueAfter(change.current().name(), delay);
        }
    }

    @Override
    protected void process(String node) {
        String now = store.now();
        store.update(nodes, null, node, n -> {
            if (!Conditions.set(n, CONDITION, "False", REASON, MESSAGE, now)) {
                return null;
            }
            Conditions.find(n, CONDITION)
                    .ifPresent(c -> ((com.fasterxml.jackson.databind.node.ObjectNode) c).put("lastHeartbeatTime", now));
            return n;
        });
    }
}
