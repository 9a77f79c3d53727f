package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Starts, reconfigures and stops the per-node runtimes (Node, Lease, Pod controller, status poller, kubelet API).
 *
 * <p>The dependency-inversion seam between the VirtualNode reconciler and the composition root: a node runtime is
 * made of every other package (pod, kubelet API, provider backends), which only the root may assemble, while the
 * decision to serve, change or stop a node is this package's. The reconciler asks through this interface; the root
 * ({@code runtime.Controller}) implements it, so no code of this package depends on the root.
 */
public interface NodeRuntimes {

    /**
     * Serves a plan: starts a runtime for a new node, applies Node-level edits in place, restarts the Pod side when
     * the placement changed (Pods and their container groups are kept).
     */
    ServedNode serve(NodePlan plan);

    Optional<ServedNode> served(String nodeName);

    /** Stops a runtime; with {@code deleteNode} its Node and Lease are deleted as well. */
    void stop(String nodeName, boolean deleteNode);

    /** One running virtual node. */
    interface ServedNode {
        NodePlan plan();

        boolean providerHealthy();

        /** The Pods bound to the node, from its informer cache. */
        List<Pod> pods();

        /** Container groups the node's status poller still knows. */
        int containerGroups();

        /** Asks the apiserver to delete every Pod of the node (gracefully); returns how many were asked. */
        int deletePods();
    }
}
