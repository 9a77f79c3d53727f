package dev.ecivk.runtime;

import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.NodeRuntimes;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node runtimes of one controller, by node name: started, reconfigured and stopped for the node of
 * {@code --node-name} and for the VirtualNode reconciler (through {@link NodeRuntimes}).
 *
 * <p>Operations on one node are ordered by that node's own lock, held while its runtime starts or stops (network
 * I/O): only another operation on the same node waits for it, never other nodes, scrapes, status reads or
 * {@link #detachAll()}, which read the map without locks.
 */
final class ServedNodes implements NodeRuntimes {
    private static final Logger LOG = LoggerFactory.getLogger(ServedNodes.class);

    private final NodeRuntime.Shared shared;
    private final Map<String, NodeRuntime> nodes = new ConcurrentHashMap<>();
    private final Map<String, Object> nodeLocks = new ConcurrentHashMap<>();
    private final Set<String> phaseGauges = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    ServedNodes(NodeRuntime.Shared shared) {
        this.shared = shared;
    }

    /**
     * Starts, reconfigures or restarts a node's runtime. Only that node's lock is held while its runtime starts (network
     * I/O): other nodes, scrapes and status reads never wait for it.
     */
    @Override
    public ServedNode serve(NodePlan plan) {
        String name = plan.nodeName();
        synchronized (nodeLock(name)) {
            if (closed) {
                throw new IllegalStateException("the controller is stopping");
            }
            NodeRuntime current = nodes.get(name);
            if (current != null && current.plan().samePlacement(plan)) {
                current.reconfigure(plan, shared.addresses());
                return current;
            }
            int port;
            if (current != null) {
                LOG.info("Placement of node {} changed: restarting its runtime (Pods and groups are kept)", name);
                nodes.remove(name);
                current.close();
                port = current.requestedPort();
            } else {
                // the node named by --node-name gets --kubelet-port, every other one an ephemeral port
                port = name.equals(shared.config().nodeName()) ? shared.config().kubeletPort() : 0;
            }
            NodeRuntime runtime = NodeRuntime.start(shared, plan, port);
            if (closed) {
                runtime.close();
                throw new IllegalStateException("the controller is stopping");
            }
            nodes.put(name, runtime);
            if (phaseGauges.add(name)) {
                shared.metrics().registerPodsByPhase(name, () -> podsByPhase(nodes.get(name)));
            }
            return runtime;
        }
    }

    private Object nodeLock(String nodeName) {
        return nodeLocks.computeIfAbsent(nodeName, n -> new Object());
    }

    @Override
    public Optional<ServedNode> served(String nodeName) {
        return Optional.ofNullable(nodes.get(nodeName));
    }

    @Override
    public void stop(String nodeName, boolean deleteNode) {
        synchronized (nodeLock(nodeName)) {
            NodeRuntime runtime = nodes.remove(nodeName);
            if (runtime == null) {
                return;
            }
            if (deleteNode) {
                runtime.stopAndDeregister();
            } else {
                runtime.close();
            }
        }
    }

    /** What every node runs on. */
    NodeRuntime.Shared shared() {
        return shared;
    }

    /** The runtime of a node by name. */
    NodeRuntime get(String nodeName) {
        return nodes.get(nodeName);
    }

    /** Every running node runtime. */
    List<NodeRuntime> all() {
        return List.copyOf(nodes.values());
    }

    /**
     * Refuses new nodes from now on and hands over the running runtimes, for the caller to close; a start under way
     * closes its own runtime when it finishes.
     */
    List<NodeRuntime> detachAll() {
        closed = true;
        List<NodeRuntime> running = List.copyOf(nodes.values());
        nodes.clear();
        return running;
    }

    private static Map<String, Long> podsByPhase(NodeRuntime runtime) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ControllerMetrics.POD_PHASES.forEach(p -> counts.put(p, 0L));
        if (runtime == null) {
            return counts;
        }
        for (Pod pod : runtime.pods()) {
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null
                    ? "Pending"
                    : pod.getStatus().getPhase();
            counts.merge(phase, 1L, Long::sum);
        }
        return counts;
    }
}
