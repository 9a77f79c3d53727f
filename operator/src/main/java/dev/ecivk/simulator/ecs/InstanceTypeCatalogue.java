package dev.ecivk.simulator.ecs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The instance types the embedded ECS sells: the current general-purpose, compute and memory families in five sizes,
 * a burstable type and a GPU type that only the last zone offers (so zone fallbacks have something to fall back
 * from). Prices are illustrative CNY per hour: 0.09 per vCPU, 0.012 per GiB, 6 per GPU, burstable at half price.
 */
final class InstanceTypeCatalogue {

    /** One type. {@code zones} null: offered in every zone. */
    record Type(
            String id,
            String family,
            int cpu,
            double memoryGiB,
            int gpu,
            String gpuSpec,
            double pricePerHour,
            Set<String> zones) {

        boolean offeredIn(String zoneId) {
            return zones == null || zones.contains(zoneId);
        }
    }

    private static final String[] SIZES = {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge"};

    private final Map<String, Type> types = new LinkedHashMap<>();

    InstanceTypeCatalogue(List<String> zones) {
        family("ecs.c7", 2);
        family("ecs.g7", 4);
        family("ecs.r7", 8);
        add(new Type("ecs.t6-c1m1.large", "ecs.t6", 2, 2, 0, null, price(2, 2, 0) / 2, null));
        String gpuZone = zones.get(zones.size() - 1);
        add(new Type("ecs.gn6i-c4g1.xlarge", "ecs.gn6i", 4, 15, 1, "NVIDIA T4", price(4, 15, 1), Set.of(gpuZone)));
    }

    private void family(String family, int memoryPerCpu) {
        int cpu = 2;
        for (String size : SIZES) {
            add(new Type(
                    family + "." + size,
                    family,
                    cpu,
                    cpu * memoryPerCpu,
                    0,
                    null,
                    price(cpu, cpu * memoryPerCpu, 0),
                    null));
            cpu *= 2;
        }
    }

    private static double price(int cpu, double memoryGiB, int gpu) {
        return Math.round((cpu * 0.09 + memoryGiB * 0.012 + gpu * 6.0) * 1000) / 1000.0;
    }

    private void add(Type t) {
        types.put(t.id(), t);
    }

    Type get(String id) {
        return id == null ? null : types.get(id);
    }

    List<Type> all() {
        return new ArrayList<>(types.values());
    }
}
