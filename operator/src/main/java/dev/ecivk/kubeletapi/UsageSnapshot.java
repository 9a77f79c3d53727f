package dev.ecivk.kubeletapi;

import java.time.Instant;
import java.util.List;

/**
 * One sample of the node's resource usage, normalised from the provider's metrics: every CPU figure has a cumulative
 * counter (integrated from the usage rate when the provider gave none), as metrics-server computes rates from it.
 */
record UsageSnapshot(Instant time, Usage node, List<PodUsage> pods, boolean scrapeError) {

    record Usage(
            Instant time,
            Long usageNanoCores,
            Long usageCoreNanoSeconds,
            Long workingSetBytes,
            Long usageBytes,
            Long rssBytes,
            Long availableBytes) {}

    record PodUsage(
            String namespace,
            String name,
            String uid,
            Instant startTime,
            Usage usage,
            List<ContainerUsage> containers) {}

    record ContainerUsage(String name, Instant startTime, Usage usage) {}
}
