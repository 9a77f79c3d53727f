package dev.ecivk.node;

import dev.ecivk.crd.VirtualNode;
import dev.ecivk.crd.VirtualNodeSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * VirtualNode spec → {@link NodePlan}, with the checks the OpenAPI schema cannot express. Pure: every problem names
 * the field, so it can go into a condition and an Event as it is.
 */
public final class VirtualNodeSpecs {
    /** The label that ties a Node to the VirtualNode that registered it. */
    public static final String VIRTUAL_NODE_LABEL = "ecivk.dev/virtual-node";
    /** The label that names the install serving a VirtualNode (its {@code --install-name}). */
    public static final String INSTALL_LABEL = "ecivk.dev/install";

    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Set<String> RESERVED_LABELS = Set.of("type", "kubernetes.io/hostname", VIRTUAL_NODE_LABEL);

    /** The controller's options, used where a VirtualNode leaves a field out. */
    public record Defaults(
            String provider,
            String regionId,
            List<String> vSwitchIds,
            boolean randomVSwitchOrder,
            String securityGroupId,
            Map<String, Quantity> capacity) {}

    /** A plan, or the problems that prevent one. */
    public record Result(NodePlan plan, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private VirtualNodeSpecs() {}

    public static Result plan(VirtualNode vn, Defaults defaults) {
        VirtualNodeSpec spec = vn.getSpec() == null ? new VirtualNodeSpec() : vn.getSpec();
        List<String> problems = new ArrayList<>();
        String nodeName = vn.nodeName();
        if (nodeName.length() > 253 || !DNS_SUBDOMAIN.matcher(nodeName).matches()) {
            problems.add("spec.nodeName: \"" + nodeName + "\" is not a lowercase DNS-1123 subdomain");
        }
        String provider = spec.provider == null ? defaults.provider() : spec.provider;
        String region = spec.region == null ? defaults.regionId() : spec.region;
        if (!region.equals(defaults.regionId())) {
            problems.add("spec.region: this controller serves region " + defaults.regionId() + ", not " + region
                    + " (run one controller per region)");
        }
        List<String> vSwitches = spec.vSwitchIds == null ? defaults.vSwitchIds() : spec.vSwitchIds;
        if (vSwitches.isEmpty()) {
            problems.add("spec.vSwitchIds: must name at least one vSwitch when set");
        }
        Set<String> seen = new HashSet<>();
        for (String v : vSwitches) {
            if (v == null || v.isBlank()) {
                problems.add("spec.vSwitchIds: contains an empty entry");
            } else if (!seen.add(v)) {
                problems.add("spec.vSwitchIds: " + v + " is listed twice");
            }
        }
        boolean random = spec.vSwitchStrategy == null
                ? defaults.randomVSwitchOrder()
                : spec.vSwitchStrategy == VirtualNodeSpec.VSwitchStrategy.random;
        String securityGroup = spec.securityGroupId == null ? defaults.securityGroupId() : spec.securityGroupId;

        Map<String, Quantity> capacity = new LinkedHashMap<>(defaults.capacity());
        if (spec.capacity != null) {
            put(capacity, "cpu", "cpu", spec.capacity.cpu, problems);
            put(capacity, "memory", "memory", spec.capacity.memory, problems);
            put(capacity, "pods", "pods", spec.capacity.pods, problems);
            put(capacity, "nvidia.com/gpu", "gpu", spec.capacity.gpu, problems);
            if ("0".equals(spec.capacity.gpu)) {
                capacity.remove("nvidia.com/gpu");
            }
        }

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("topology.kubernetes.io/region", region);
        if (spec.labels != null) {
            spec.labels.forEach((k, v) -> {
                if (RESERVED_LABELS.contains(k)) {
                    problems.add("spec.labels: " + k + " is set by the controller");
                } else if (!validLabelKey(k)) {
                    problems.add("spec.labels: \"" + k + "\" is not a valid label key");
                } else if (v == null
                        || v.length() > 63
                        || !LABEL_NAME.matcher(v).matches()) {
                    problems.add("spec.labels[" + k + "]: \"" + v + "\" is not a valid label value");
                } else {
                    labels.put(k, v);
                }
            });
        }
        labels.put(VIRTUAL_NODE_LABEL, vn.getMetadata().getName());

        List<Taint> taints = new ArrayList<>();
        if (spec.taints == null) {
            taints.add(NodeSettings.providerTaint());
        } else {
            Set<String> keys = new HashSet<>();
            for (VirtualNodeSpec.TaintSpec t : spec.taints) {
                if (t.key == null || !validLabelKey(t.key)) {
                    problems.add("spec.taints: \"" + t.key + "\" is not a valid taint key");
                    continue;
                }
                String effect = t.effect == null ? "NoSchedule" : t.effect.name();
                if (!keys.add(t.key + ":" + effect)) {
                    problems.add("spec.taints: " + t.key + ":" + effect + " is listed twice");
                }
                taints.add(new TaintBuilder()
                        .withKey(t.key)
                        .withValue(t.value)
                        .withEffect(effect)
                        .build());
            }
        }

        Map<String, String> podDefaults = new LinkedHashMap<>();
        VirtualNodeSpec.PodDefaults pd = spec.podDefaults;
        if (pd != null) {
            if (pd.useSpecs != null && !pd.useSpecs.isBlank()) {
                podDefaults.put("k8s.aliyun.com/eci-use-specs", pd.useSpecs);
            }
            if (pd.spotStrategy != null) {
                podDefaults.put("k8s.aliyun.com/eci-spot-strategy", pd.spotStrategy.name());
            }
            boolean limited = pd.spotStrategy == VirtualNodeSpec.PodDefaults.SpotStrategy.SpotWithPriceLimit;
            if (pd.spotPriceLimit != null) {
                if (!limited) {
                    problems.add("spec.podDefaults.spotPriceLimit: only applies with spotStrategy SpotWithPriceLimit");
                } else if (pd.spotPriceLimit <= 0) {
                    problems.add("spec.podDefaults.spotPriceLimit: must be positive");
                } else {
                    podDefaults.put("k8s.aliyun.com/eci-spot-price-limit", Double.toString(pd.spotPriceLimit));
                }
            } else if (limited) {
                problems.add("spec.podDefaults.spotPriceLimit: required with spotStrategy SpotWithPriceLimit");
            }
            if (pd.autoMatchImageCache != null) {
                podDefaults.put("k8s.aliyun.com/eci-auto-imc", pd.autoMatchImageCache.toString());
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.copyOf(problems));
        }
        return new Result(
                new NodePlan(
                        provider,
                        nodeName,
                        region,
                        vSwitches,
                        random,
                        securityGroup,
                        capacity,
                        labels,
                        taints,
                        podDefaults),
                List.of());
    }

    private static void put(
            Map<String, Quantity> capacity, String key, String field, String value, List<String> problems) {
        if (value == null) {
            return;
        }
        try {
            Quantity q = new Quantity(value);
            if (Quantity.getAmountInBytes(q).signum() < 0) {
                problems.add("spec.capacity." + field + ": must not be negative");
                return;
            }
            capacity.put(key, q);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add("spec.capacity." + field + ": \"" + value + "\" is not a quantity");
        }
    }

    private static boolean validLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? null : key.substring(0, slash);
        return !name.isEmpty()
                && name.length() <= 63
                && LABEL_NAME.matcher(name).matches()
                && (prefix == null
                        || (prefix.length() <= 253
                                && DNS_SUBDOMAIN.matcher(prefix).matches()));
    }
}
