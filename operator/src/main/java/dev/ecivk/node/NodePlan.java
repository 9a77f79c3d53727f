package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.util.List;
import java.util.Map;

/**
 * Everything that makes one virtual node, resolved from a VirtualNode (or from the options for the single node of
 * {@code run --node-name}): what the Node advertises and where its Pods run.
 *
 * @param labels labels beyond {@link NodeSettings#defaultLabels}
 * @param podAnnotationDefaults ACK annotations every Pod of the node gets unless it sets them itself
 * @param provider the backend of this node's Pods ({@code simulator}, {@code eci}, {@code ecs}, {@code huawei-ecs})
 */
public record NodePlan(
        String provider,
        String nodeName,
        String regionId,
        List<String> vSwitchIds,
        boolean randomVSwitchOrder,
        String securityGroupId,
        Map<String, Quantity> capacity,
        Map<String, String> labels,
        List<Taint> taints,
        Map<String, String> podAnnotationDefaults) {

    public NodePlan {
        java.util.Objects.requireNonNull(provider, "provider");
        vSwitchIds = List.copyOf(vSwitchIds);
        capacity = Map.copyOf(capacity);
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
        podAnnotationDefaults = Map.copyOf(podAnnotationDefaults);
    }

    /** True when Pods of the two plans are placed the same way (only the Node's advertisement differs). */
    public boolean samePlacement(NodePlan other) {
        return provider.equals(other.provider)
                && nodeName.equals(other.nodeName)
                && regionId.equals(other.regionId)
                && vSwitchIds.equals(other.vSwitchIds)
                && randomVSwitchOrder == other.randomVSwitchOrder
                && securityGroupId.equals(other.securityGroupId);
    }
}
