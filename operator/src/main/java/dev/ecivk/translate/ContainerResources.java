package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One container's resources normalised for ECI: the limit when set, else the request (ECI reserves what it is
 * given, so the limit is what the workload may use). Null means "not declared".
 */
record ContainerResources(Double cpu, Double memory, Integer gpu, BigDecimal ephemeralStorageBytes) {

    static final String CPU = "cpu";
    static final String MEMORY = "memory";
    static final String GPU = "nvidia.com/gpu";
    static final String EPHEMERAL_STORAGE = "ephemeral-storage";
    private static final Set<String> KNOWN = Set.of(CPU, MEMORY, GPU, EPHEMERAL_STORAGE);

    static ContainerResources of(Container c, String label, Findings findings) {
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return new ContainerResources(null, null, null, null);
        }
        Map<String, Quantity> limits = r.getLimits() == null ? Map.of() : r.getLimits();
        Map<String, Quantity> requests = r.getRequests() == null ? Map.of() : r.getRequests();
        Quantity cpu = pick(limits, requests, CPU);
        Quantity memory = pick(limits, requests, MEMORY);
        Quantity gpu = pick(limits, requests, GPU);
        Quantity storage = pick(limits, requests, EPHEMERAL_STORAGE);
        Set<String> unknown = new TreeSet<>();
        unknown.addAll(limits.keySet());
        unknown.addAll(requests.keySet());
        unknown.removeAll(KNOWN);
        for (String name : unknown) {
            if (name.startsWith("hugepages-")) {
                findings.problem(label + ": resource \"" + name + "\" (huge pages) is not available on ECI");
            } else {
                findings.warn(
                        WarningReason.UnsupportedResource,
                        label + ": resource \"" + name + "\" has no ECI equivalent and is ignored");
            }
        }
        if (r.getClaims() != null && !r.getClaims().isEmpty()) {
            findings.problem(label + ": resources.claims (dynamic resource allocation) is not supported on ECI");
        }
        Integer gpus = null;
        if (gpu != null) {
            BigDecimal n = gpu.getNumericalAmount();
            if (n.signum() < 0 || n.stripTrailingZeros().scale() > 0) {
                findings.problem(label + ": nvidia.com/gpu must be a whole number, got " + gpu);
            } else {
                gpus = n.intValueExact();
            }
        }
        return new ContainerResources(
                cpu == null ? null : Quantities.cores(cpu),
                memory == null ? null : Quantities.gib(memory),
                gpus == null || gpus == 0 ? null : gpus,
                storage == null ? null : storage.getNumericalAmount());
    }

    private static Quantity pick(Map<String, Quantity> limits, Map<String, Quantity> requests, String name) {
        Quantity limit = limits.get(name);
        return limit != null ? limit : requests.get(name);
    }
}
