package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Resolves downward-API {@code resourceFieldRef}s to literals, as the kubelet does: the value divided by the divisor,
 * rounded up. A missing limit means "the node's allocatable" to a kubelet; here the node is the container group, so
 * the group's size is used.
 */
final class ResourceFieldResolver {

    private final PodView pod;
    private final Double groupCpu;
    private final Double groupMemoryGib;

    ResourceFieldResolver(PodView pod, Double groupCpu, Double groupMemoryGib) {
        this.pod = pod;
        this.groupCpu = groupCpu;
        this.groupMemoryGib = groupMemoryGib;
    }

    /** The value, or null after recording a problem for {@code where}. */
    String resolve(String containerName, String resource, Quantity divisor, String where, Findings findings) {
        Container container = Stream.concat(
                        pod.spec().getContainers().stream(),
                        pod.spec().getInitContainers() == null
                                ? Stream.empty()
                                : pod.spec().getInitContainers().stream())
                .filter(c -> c.getName().equals(containerName))
                .findFirst()
                .orElse(null);
        if (container == null) {
            findings.problem(
                    where + ": resourceFieldRef names container \"" + containerName + "\", which does not exist");
            return null;
        }
        int dot = resource == null ? -1 : resource.indexOf('.');
        String kind = dot < 0 ? "" : resource.substring(0, dot);
        String name = dot < 0 ? "" : resource.substring(dot + 1);
        if (!(kind.equals("limits") || kind.equals("requests"))
                || !(name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage"))) {
            findings.problem(where + ": resourceFieldRef resource \"" + resource + "\" is not supported");
            return null;
        }
        ResourceRequirements r = container.getResources();
        Map<String, Quantity> limits = r == null || r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r == null || r.getRequests() == null ? Map.of() : r.getRequests();
        Quantity q = kind.equals("limits") ? limits.get(name) : requests.getOrDefault(name, limits.get(name));
        BigDecimal amount;
        if (q != null) {
            amount = q.getNumericalAmount();
        } else if (kind.equals("requests")) {
            amount = BigDecimal.ZERO;
        } else {
            amount = groupAmount(name);
        }
        BigDecimal div = divisor == null ? BigDecimal.ONE : divisor.getNumericalAmount();
        if (div.signum() <= 0) {
            findings.problem(where + ": resourceFieldRef divisor must be positive, got " + divisor);
            return null;
        }
        return amount.divide(div, 0, RoundingMode.CEILING).toPlainString();
    }

    private BigDecimal groupAmount(String name) {
        return switch (name) {
            case "cpu" -> groupCpu == null ? BigDecimal.ZERO : BigDecimal.valueOf(groupCpu);
            case "memory" ->
                groupMemoryGib == null
                        ? BigDecimal.ZERO
                        : BigDecimal.valueOf(groupMemoryGib).multiply(BigDecimal.valueOf(1L << 30));
            default -> BigDecimal.ZERO;
        };
    }
}
