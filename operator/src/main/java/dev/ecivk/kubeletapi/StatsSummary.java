package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The kubelet's {@code /stats/summary} document (stats/v1alpha1), the fields metrics-server and the e2e suite read.
 * Built from a {@link UsageSnapshot} by {@link #of}; pure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StatsSummary(NodeStats node, List<PodStats> pods) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeStats(String nodeName, String startTime, CpuStats cpu, MemoryStats memory) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PodStats(
            PodReference podRef, String startTime, List<ContainerStats> containers, CpuStats cpu, MemoryStats memory) {}

    record PodReference(String name, String namespace, String uid) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ContainerStats(String name, String startTime, CpuStats cpu, MemoryStats memory) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CpuStats(String time, Long usageNanoCores, Long usageCoreNanoSeconds) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MemoryStats(String time, Long availableBytes, Long usageBytes, Long workingSetBytes, Long rssBytes) {}

    static StatsSummary of(String nodeName, Instant nodeStartTime, UsageSnapshot snapshot) {
        UsageSnapshot.Usage node = snapshot.node();
        NodeStats nodeStats = new NodeStats(nodeName, text(nodeStartTime), cpu(node), memory(node));
        List<PodStats> pods = snapshot.pods().stream()
                .map(pod -> new PodStats(
                        new PodReference(pod.name(), pod.namespace(), pod.uid()),
                        text(pod.startTime()),
                        pod.containers().stream()
                                .map(container -> new ContainerStats(
                                        container.name(),
                                        text(container.startTime()),
                                        cpu(container.usage()),
                                        memory(container.usage())))
                                .toList(),
                        cpu(pod.usage()),
                        memory(pod.usage())))
                .toList();
        return new StatsSummary(nodeStats, pods);
    }

    private static CpuStats cpu(UsageSnapshot.Usage usage) {
        if (usage.usageNanoCores() == null && usage.usageCoreNanoSeconds() == null) {
            return null;
        }
        return new CpuStats(text(usage.time()), usage.usageNanoCores(), usage.usageCoreNanoSeconds());
    }

    private static MemoryStats memory(UsageSnapshot.Usage usage) {
        if (usage.workingSetBytes() == null && usage.usageBytes() == null && usage.rssBytes() == null) {
            return null;
        }
        return new MemoryStats(
                text(usage.time()),
                usage.availableBytes(),
                usage.usageBytes(),
                usage.workingSetBytes(),
                usage.rssBytes());
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }
}
