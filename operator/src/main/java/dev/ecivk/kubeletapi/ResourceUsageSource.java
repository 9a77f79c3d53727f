package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.GroupMetrics;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the metrics of this node's container groups from the provider in one batched call, at most once per TTL
 * (metrics-server scrapes every 15 s; the HPA needs samples no older than that), and keeps cumulative CPU counters.
 */
final class ResourceUsageSource {
    private static final Logger LOG = LoggerFactory.getLogger(ResourceUsageSource.class);

    private final PodDirectory pods;
    private final ContainerAccess access;
    private final Clock clock;
    private final Duration ttl;
    private final CpuCounters counters = new CpuCounters();
    private UsageSnapshot cached;

    ResourceUsageSource(PodDirectory pods, ContainerAccess access, Clock clock, Duration ttl) {
        this.pods = pods;
        this.access = access;
        this.clock = clock;
        this.ttl = ttl;
    }

    synchronized UsageSnapshot snapshot() {
        Instant now = clock.instant();
        if (cached != null && now.isBefore(cached.time().plus(ttl))) {
            return cached;
        }
        cached = read(now);
        return cached;
    }

    private UsageSnapshot read(Instant now) {
        Map<String, Pod> podByGroup = new LinkedHashMap<>();
        for (Pod pod : pods.pods()) {
            pods.containerGroupId(pod).ifPresent(id -> podByGroup.put(id, pod));
        }
        List<GroupMetrics> metrics = List.of();
        boolean scrapeError = false;
        if (!podByGroup.isEmpty()) {
            try {
                metrics = access.metrics(new ArrayList<>(podByGroup.keySet()));
            } catch (ProviderException e) {
                LOG.warn("Reading container group metrics failed: {}", e.getMessage());
                scrapeError = true;
            }
        }
        List<UsageSnapshot.PodUsage> podUsages = new ArrayList<>();
        long nodeNanoCores = 0;
        long nodeWorkingSet = 0;
        long nodeUsage = 0;
        long nodeRss = 0;
        for (GroupMetrics group : metrics) {
            Pod pod = podByGroup.get(group.containerGroupId());
            if (pod == null) {
                continue;
            }
            UsageSnapshot.PodUsage podUsage = podUsage(pod, group, now);
            podUsages.add(podUsage);
            nodeNanoCores += zeroIfNull(podUsage.usage().usageNanoCores());
            nodeWorkingSet += zeroIfNull(podUsage.usage().workingSetBytes());
            nodeUsage += zeroIfNull(podUsage.usage().usageBytes());
            nodeRss += zeroIfNull(podUsage.usage().rssBytes());
        }
        long nodeCumulative = counters.integrate("node", now, nodeNanoCores);
        counters.forgetUntouched();
        UsageSnapshot.Usage node =
                new UsageSnapshot.Usage(now, nodeNanoCores, nodeCumulative, nodeWorkingSet, nodeUsage, nodeRss, null);
        return new UsageSnapshot(now, node, podUsages, scrapeError);
    }

    private UsageSnapshot.PodUsage podUsage(Pod pod, GroupMetrics group, Instant now) {
        Instant time = group.timestamp() != null ? group.timestamp() : now;
        String podKey = pod.getMetadata().getUid() + "/" + group.containerGroupId();
        Map<String, Instant> started = containerStartTimes(pod);
        List<UsageSnapshot.ContainerUsage> containers = new ArrayList<>();
        long sumNanoCores = 0;
        long sumCumulative = 0;
        long sumWorkingSet = 0;
        long sumUsage = 0;
        long sumRss = 0;
        for (GroupMetrics.ContainerMetrics container : group.containers()) {
            UsageSnapshot.Usage usage =
                    usage(podKey + "/" + container.name(), time, container.cpu(), container.memory());
            containers.add(new UsageSnapshot.ContainerUsage(
                    container.name(), started.getOrDefault(container.name(), parseTime(podStartTime(pod))), usage));
            sumNanoCores += zeroIfNull(usage.usageNanoCores());
            sumCumulative += zeroIfNull(usage.usageCoreNanoSeconds());
            sumWorkingSet += zeroIfNull(usage.workingSetBytes());
            sumUsage += zeroIfNull(usage.usageBytes());
            sumRss += zeroIfNull(usage.rssBytes());
        }
        UsageSnapshot.Usage podLevel;
        if (group.cpu() != null || group.memory() != null) {
            podLevel = usage(podKey, time, group.cpu(), group.memory());
        } else {
            podLevel =
                    new UsageSnapshot.Usage(time, sumNanoCores, sumCumulative, sumWorkingSet, sumUsage, sumRss, null);
        }
        return new UsageSnapshot.PodUsage(
                pod.getMetadata().getNamespace(),
                pod.getMetadata().getName(),
                pod.getMetadata().getUid(),
                parseTime(podStartTime(pod)),
                podLevel,
                containers);
    }

    private UsageSnapshot.Usage usage(String key, Instant time, GroupMetrics.Cpu cpu, GroupMetrics.Memory memory) {
        Long nanoCores = cpu == null ? null : cpu.usageNanoCores();
        Long cumulative = cpu == null ? null : cpu.usageCoreNanoSeconds();
        if (cumulative == null && nanoCores != null) {
            cumulative = counters.integrate(key, time, nanoCores);
        }
        Long workingSet = memory == null ? null : memory.workingSet();
        Long usageBytes = memory == null ? null : memory.usageBytes();
        Long rss = memory == null ? null : memory.rss();
        Long available = memory == null ? null : memory.availableBytes();
        return new UsageSnapshot.Usage(time, nanoCores, cumulative, workingSet, usageBytes, rss, available);
    }

    private static String podStartTime(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getStartTime();
    }

    private static Map<String, Instant> containerStartTimes(Pod pod) {
        Map<String, Instant> started = new HashMap<>();
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return started;
        }
        for (ContainerStatus status : pod.getStatus().getContainerStatuses()) {
            Optional.ofNullable(status.getState())
                    .map(state -> state.getRunning())
                    .map(running -> parseTime(running.getStartedAt()))
                    .ifPresent(time -> started.put(status.getName(), time));
        }
        return started;
    }

    static Instant parseTime(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static long zeroIfNull(Long value) {
        return value == null ? 0 : value;
    }

    /** Cumulative core-nanoseconds integrated from usage rates, for providers that report only the rate. */
    private static final class CpuCounters {
        private record Counter(Instant time, long nanoCores, long cumulative) {}

        private final Map<String, Counter> counters = new HashMap<>();
        private final java.util.Set<String> touched = new java.util.HashSet<>();

        /** Drops the counters of pods and containers that are gone, so memory follows the live pods. */
        void forgetUntouched() {
            counters.keySet().retainAll(touched);
            touched.clear();
        }

        long integrate(String key, Instant time, long nanoCores) {
            touched.add(key);
            Counter previous = counters.get(key);
            long cumulative = 0;
            if (previous != null) {
                long elapsedNanos =
                        Math.max(0, Duration.between(previous.time(), time).toNanos());
                // trapezoid between the two samples; nanoCores x seconds = core-nanoseconds
                double coreNanos = (previous.nanoCores() + nanoCores) / 2.0 * (elapsedNanos / 1e9);
                cumulative = previous.cumulative() + Math.round(coreNanos);
            }
            counters.put(key, new Counter(time, nanoCores, cumulative));
            return cumulative;
        }
    }
}
