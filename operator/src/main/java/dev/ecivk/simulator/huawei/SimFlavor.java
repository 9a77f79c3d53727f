package dev.ecivk.simulator.huawei;

import java.util.List;
import java.util.Map;

/**
 * A flavor the embedded Huawei ECS sells.
 *
 * @param id the flavor id, which is also its name ({@code s6.large.2}: family, size, memory per vCPU)
 * @param gpuAlias {@code pci_passthrough:alias} of GPU flavors ({@code nvidia-t4:1}), or null
 * @param performanceType {@code ecs:performancetype}: {@code normal}, {@code computingv3}, {@code highmem}, {@code
 *     gpu}, …
 * @param status {@code cond:operation:status}: {@code normal}, {@code sellout} or {@code abandon} everywhere
 * @param zoneStatus per-zone overrides of {@code status} ({@code cond:operation:az})
 */
public record SimFlavor(
        String id,
        int vcpus,
        int ramMiB,
        String gpuAlias,
        String performanceType,
        String status,
        Map<String, String> zoneStatus) {

    public SimFlavor {
        zoneStatus = Map.copyOf(zoneStatus);
    }

    public static SimFlavor of(String id, int vcpus, int ramGiB, String performanceType) {
        return new SimFlavor(id, vcpus, ramGiB * 1024, null, performanceType, "normal", Map.of());
    }

    public SimFlavor withGpu(String alias) {
        return new SimFlavor(id, vcpus, ramMiB, alias, performanceType, status, zoneStatus);
    }

    public SimFlavor withStatus(String v) {
        return new SimFlavor(id, vcpus, ramMiB, gpuAlias, performanceType, v, zoneStatus);
    }

    public SimFlavor withZoneStatus(Map<String, String> v) {
        return new SimFlavor(id, vcpus, ramMiB, gpuAlias, performanceType, status, v);
    }

    /** The sale status in {@code zone}. */
    public String statusIn(String zone) {
        return zoneStatus.getOrDefault(zone, status);
    }

    /** The family ({@code ecs:generation}): the id up to its first dot. */
    public String generation() {
        int dot = id.indexOf('.');
        return dot < 0 ? id : id.substring(0, dot);
    }

    /** A small catalogue shaped like Huawei Cloud's general-purpose, compute, memory and GPU flavors. */
    public static List<SimFlavor> defaultCatalogue() {
        return List.of(
                of("s6.small.1", 1, 1, "normal"),
                of("s6.medium.2", 1, 2, "normal"),
                of("s6.large.2", 2, 4, "normal"),
                of("s6.xlarge.2", 4, 8, "normal"),
                of("s6.2xlarge.2", 8, 16, "normal"),
                of("c7.large.2", 2, 4, "computingv3"),
                of("c7.xlarge.2", 4, 8, "computingv3"),
                of("c7.2xlarge.4", 8, 32, "computingv3"),
                of("m7.large.8", 2, 16, "highmem"),
                of("m7.xlarge.8", 4, 32, "highmem"),
                of("pi2.2xlarge.4", 8, 32, "gpu").withGpu("nvidia-t4:1"),
                of("s3.large.2", 2, 4, "normal").withStatus("abandon"));
    }
}
