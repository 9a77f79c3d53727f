package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ECS instance types the embedded ECI sells in every zone, with their on-demand price per hour (CNY), and the
 * spot price model: a fixed share of the on-demand price per zone (9 % in the first zone, then 12 %, 15 % and 18
 * %), rounded to 3 decimals like a {@code SpotPriceLimit}. Deterministic, so placement and cost tests repeat.
 * The anchor is ECI's own example: {@code ecs.c5.large} at 0.622 on demand and 0.056 spot.
 */
final class InstanceTypes {
    /** One instance type: name, family, vCPUs, GiB and on-demand price per hour. */
    record Type(String name, String family, double cores, double memory, double hourlyPrice) {}

    static final List<Type> ALL = List.of(
            new Type("ecs.c5.large", "ecs.c5", 2, 4, 0.622),
            new Type("ecs.c5.xlarge", "ecs.c5", 4, 8, 1.244),
            new Type("ecs.c5.2xlarge", "ecs.c5", 8, 16, 2.488),
            new Type("ecs.g5.large", "ecs.g5", 2, 8, 0.796),
            new Type("ecs.g5.xlarge", "ecs.g5", 4, 16, 1.592),
            new Type("ecs.r5.large", "ecs.r5", 2, 16, 1.048),
            new Type("ecs.c6.large", "ecs.c6", 2, 4, 0.580),
            new Type("ecs.c6.xlarge", "ecs.c6", 4, 8, 1.160),
            new Type("ecs.c6.2xlarge", "ecs.c6", 8, 16, 2.320),
            new Type("ecs.g6.large", "ecs.g6", 2, 8, 0.760),
            new Type("ecs.g6.xlarge", "ecs.g6", 4, 16, 1.520),
            new Type("ecs.g6.2xlarge", "ecs.g6", 8, 32, 3.040),
            new Type("ecs.r6.large", "ecs.r6", 2, 16, 1.000),
            new Type("ecs.r6.xlarge", "ecs.r6", 4, 32, 2.000));

    private static final double[] SPOT_SHARE = {0.09, 0.12, 0.15, 0.18};

    private InstanceTypes() {}

    static Optional<Type> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    static List<Type> family(String family) {
        return ALL.stream().filter(t -> t.family().equals(family)).toList();
    }

    static List<String> families() {
        List<String> out = new ArrayList<>();
        for (Type t : ALL) {
            if (!out.contains(t.family())) {
                out.add(t.family());
            }
        }
        return out;
    }

    /** The types with exactly these vCPUs and GiB: ECI's "standard ECS specifications". */
    static List<Type> withSpec(double cores, double memory) {
        return ALL.stream()
                .filter(t -> t.cores() == cores && t.memory() == memory)
                .toList();
    }

    /** The spot price per hour of {@code type} in the zone at {@code zoneIndex} (0 = the first zone). */
    static double spotPrice(Type type, int zoneIndex) {
        double share = SPOT_SHARE[Math.min(Math.max(zoneIndex, 0), SPOT_SHARE.length - 1)];
        return Math.round(type.hourlyPrice() * share * 1000) / 1000.0;
    }
}
