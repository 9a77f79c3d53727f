package dev.ecivk.provider.model;

import java.time.Instant;
import java.util.List;

/** The latest metric sample of one container group. Fields the cloud left out are null, not zero. */
public record GroupMetrics(
        String containerGroupId, Instant timestamp, Cpu cpu, Memory memory, List<ContainerMetrics> containers) {

    public GroupMetrics {
        containers = containers == null ? List.of() : List.copyOf(containers);
    }

    public record Cpu(Long usageNanoCores, Long usageCoreNanoSeconds, Long load, Long limit) {}

    public record Memory(Long availableBytes, Long usageBytes, Long cache, Long workingSet, Long rss) {}

    public record ContainerMetrics(String name, Cpu cpu, Memory memory) {}
}
