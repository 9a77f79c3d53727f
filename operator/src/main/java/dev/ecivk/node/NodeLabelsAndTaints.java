package dev.ecivk.node;

import dev.ecivk.kube.ConflictRetry;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Our labels and taints on a virtual Node. Others put theirs there too (the node lifecycle controller's
 * {@code unreachable} taint, labels of cluster tools): those are kept, and only what our settings added is removed.
 */
final class NodeLabelsAndTaints {
    private final KubernetesClient client;

    NodeLabelsAndTaints(KubernetesClient client) {
        this.client = client;
    }

    static Node newNode(NodeSettings settings) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(settings.nodeName())
                .withLabels(settings.labels())
                .endMetadata()
                .withNewSpec()
                .withTaints(settings.taints())
                .endSpec()
                .build();
    }

    /**
     * Puts our labels and taints on the Node, keeping everything others put there, and removes the labels and taints
     * that {@code previous} settings added and the current ones drop. Read-modify-write, retried on 409.
     */
    Node ensure(Node read, NodeSettings current, NodeSettings previous) {
        Node[] latest = {read};
        return ConflictRetry.run(() -> {
            Node node = latest[0] != null ? latest[0] : get(current.nodeName());
            latest[0] = null; // later attempts read afresh
            if (node == null) {
                throw new KubernetesClientException("node " + current.nodeName() + " is gone", 404, null);
            }
            Map<String, String> labels = new LinkedHashMap<>(
                    node.getMetadata().getLabels() == null
                            ? Map.of()
                            : node.getMetadata().getLabels());
            previous.labels().keySet().stream()
                    .filter(k -> !current.labels().containsKey(k))
                    .forEach(labels::remove);
            labels.putAll(current.labels());
            List<Taint> taints = new ArrayList<>(current.taints());
            if (node.getSpec() != null && node.getSpec().getTaints() != null) {
                for (Taint t : node.getSpec().getTaints()) {
                    boolean ours = current.taints().stream().anyMatch(o -> sameTaint(o, t))
                            || previous.taints().stream().anyMatch(o -> sameTaint(o, t));
                    if (!ours) {
                        taints.add(t); // e.g. node.kubernetes.io/unreachable of the node lifecycle controller
                    }
                }
            }
            List<Taint> had = node.getSpec() == null || node.getSpec().getTaints() == null
                    ? List.of()
                    : node.getSpec().getTaints();
            if (labels.equals(node.getMetadata().getLabels()) && sameTaints(had, taints)) {
                return node;
            }
            Node edited = new NodeBuilder(node)
                    .editMetadata()
                    .withLabels(labels)
                    .endMetadata()
                    .editOrNewSpec()
                    .withTaints(taints)
                    .endSpec()
                    .build();
            return client.nodes().resource(edited).update();
        });
    }

    private static boolean sameTaint(Taint a, Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        return a.size() == b.size()
                && a.stream().allMatch(t -> b.stream().anyMatch(o -> sameTaint(o, t) && Objects.equals(o, t)));
    }

    private Node get(String nodeName) {
        return client.nodes().withName(nodeName).get();
    }
}
