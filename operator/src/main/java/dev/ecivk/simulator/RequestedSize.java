package dev.ecivk.simulator;

import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a CreateContainerGroup request asks for, read from its parameters: size, instance type and tags. */
final class RequestedSize {

    private RequestedSize() {}

    /** Group vCPU: the group-level value, else the sum over containers (ECI's default 2 when nothing is set). */
    static double cpu(FlatParams.Node spec) {
        return groupOrSum(spec, "Cpu", 2.0);
    }

    /** Group memory in GiB: the group-level value, else the sum over containers (ECI's default 4). */
    static double memory(FlatParams.Node spec) {
        return groupOrSum(spec, "Memory", 4.0);
    }

    private static double groupOrSum(FlatParams.Node spec, String key, double fallback) {
        Double v = spec.number(key);
        if (v != null) {
            return v;
        }
        double sum = 0;
        for (FlatParams.Node c : spec.nodes("Container")) {
            Double cv = c.number(key);
            sum += cv == null ? 0 : cv;
        }
        return sum > 0 ? sum : fallback;
    }

    /**
     * The instance type a group runs on: the first one of its {@code InstanceType} list, else for spot the cheapest
     * type of exactly its size (spot capacity is sold by ECS type); null for a pay-as-you-go cpu/memory group.
     */
    static InstanceTypes.Type runsOn(FlatParams.Node spec, Spot spot, double cpu, double memory) {
        String asked = spec.str("InstanceType");
        if (asked != null && !asked.isBlank()) {
            return InstanceTypes.byName(asked.split(",")[0].trim()).orElse(null);
        }
        if (!spot.isSpot()) {
            return null;
        }
        return InstanceTypes.withSpec(cpu, memory).stream()
                .min(Comparator.comparingDouble(InstanceTypes.Type::hourlyPrice))
                .orElse(null);
    }

    /** The tags as given at creation, in order. */
    static Map<String, String> tags(FlatParams.Node spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (FlatParams.Node t : spec.nodes("Tag")) {
            out.put(t.str("Key"), t.str("Value") == null ? "" : t.str("Value"));
        }
        return Collections.unmodifiableMap(out);
    }
}
