package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtual Node as it should be registered.
 *
 * @param addresses what the Node advertises; the apiserver dials the first of them in its preferred order
 * @param timings Lease and status cadence
 */
public record NodeSettings(
        String nodeName,
        Addresses addresses,
        int kubeletPort,
        Map<String, Quantity> capacity,
        Map<String, String> labels,
        List<Taint> taints,
        String version,
        Timings timings) {

    public NodeSettings {
        capacity = Map.copyOf(capacity);
        labels = Map.copyOf(labels);
        taints = List.copyOf(taints);
    }

    /**
     * The Node's addresses. The apiserver reaches the kubelet API through the first address in its
     * {@code --kubelet-preferred-address-types} order (default {@code Hostname,InternalDNS,InternalIP,ExternalDNS,
     * ExternalIP}), so a Hostname is advertised only when it is set explicitly and resolves from the apiserver: a
     * virtual node's name resolves nowhere.
     *
     * @param internalIp the controller's address the apiserver can route to (required)
     * @param hostname a DNS name of the controller that resolves from the apiserver, or null
     * @param externalIp an external address, or null
     */
    public record Addresses(String internalIp, String hostname, String externalIp) {
        public static Addresses internalOnly(String internalIp) {
            return new Addresses(internalIp, null, null);
        }

        /** In the order a kubelet reports them. */
        public List<NodeAddress> toNodeAddresses() {
            List<NodeAddress> out = new ArrayList<>();
            out.add(address("InternalIP", internalIp));
            if (externalIp != null && !externalIp.isBlank()) {
                out.add(address("ExternalIP", externalIp));
            }
            if (hostname != null && !hostname.isBlank()) {
                out.add(address("Hostname", hostname));
            }
            return out;
        }

        private static NodeAddress address(String type, String value) {
            return new NodeAddressBuilder().withType(type).withAddress(value).build();
        }
    }

    /**
     * @param leaseDuration how long the Lease is valid
     * @param leaseRenewInterval how often the Lease is renewed
     * @param statusInterval how often the Node status is re-posted even without change
     * @param pingInterval how often the provider is pinged (its health drives the Ready condition)
     */
    public record Timings(
            Duration leaseDuration, Duration leaseRenewInterval, Duration statusInterval, Duration pingInterval) {
        /** A kubelet's: Lease of 40 s renewed every 10 s, status at least every minute, provider pinged every 10 s. */
        public static final Timings KUBELET = new Timings(
                Duration.ofSeconds(40), Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    /** The labels every virtual node carries, plus the given extras. */
    public static Map<String, String> defaultLabels(String nodeName, Map<String, String> extra) {
        Map<String, String> labels = new LinkedHashMap<>();
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
        return new TaintBuilder()
                .withKey("virtual-kubelet.io/provider")
                .withValue("alibabacloud")
                .withEffect("NoSchedule")
                .build();
    }
}
