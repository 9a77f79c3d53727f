package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The virtual Node as it should be registered.
 *
 * @param leaseDuration how long the Lease is valid (a kubelet uses 40 s)
 * @param leaseRenewInterval how often the Lease is renewed (a kubelet uses 10 s)
 * @param statusInterval how often the Node status is re-posted even without change
 */
public record NodeSettings(
        String nodeName,
        String nodeIp,
        int kubeletPort,
        Map<String, Quantity> capacity,
        Map<String, String> labels,
        List<Taint> taints,
        String version,
        Duration leaseDuration,
        Duration leaseRenewInterval,
        Duration statusInterval,
        Duration pingInterval) {

    public NodeSettings {
        capacity = Map.copyOf(capacity);
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }

    /** The labels every virtual node carries, plus the given extras. */
    public static Map<String, String> defaultLabels(String nodeName, Map<String, String> extra) {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        labels.put("type", "virtual-kubelet");
        labels.put("kubernetes.io/role", "agent");
        labels.put("kubernetes.io/os", "linux");
        labels.put("kubernetes.io/arch", "amd64");
        labels.put("kubernetes.io/hostname", nodeName);
        labels.put("node.kubernetes.io/exclude-from-external-load-balancers", "true");
        labels.putAll(extra);
        return labels;
    }

    /** The taint that keeps ordinary Pods off the virtual node. */
    public static Taint providerTaint() {
        return new io.fabric8.kubernetes.api.model.TaintBuilder()
                .withKey("virtual-kubelet.io/provider")
                .withValue("alibabacloud")
                .withEffect("NoSchedule")
                .build();
    }
}
