package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.GroupMetrics.Cpu;
import dev.ecivk.provider.model.GroupMetrics.Memory;

/**
 * A Docker stats sample in the kubelet's terms. cpu: the usage between the sample's two readings scaled to
 * nanocores, and the cumulative core-nanoseconds. Memory: the working set is usage less inactive file pages (cgroup
 * v1 {@code total_inactive_file}, v2 {@code inactive_file}), as cAdvisor computes it.
 */
final class DockerStats {
    private DockerStats() {}

    static ContainerMetrics map(String name, Statistics s, Double cpuLimitCores) {
        return new ContainerMetrics(
                name, cpu(s.getCpuStats(), s.getPreCpuStats(), cpuLimitCores), memory(s.getMemoryStats()));
    }

    static Cpu cpu(CpuStatsConfig now, CpuStatsConfig before, Double cpuLimitCores) {
        if (now == null || now.getCpuUsage() == null || now.getCpuUsage().getTotalUsage() == null) {
            return null;
        }
        long total = now.getCpuUsage().getTotalUsage();
        Long nanoCores = null;
        if (before != null
                && before.getCpuUsage() != null
                && before.getCpuUsage().getTotalUsage() != null
                && now.getSystemCpuUsage() != null
                && before.getSystemCpuUsage() != null) {
            long cpuDelta = total - before.getCpuUsage().getTotalUsage();
            long systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
            long cpus = now.getOnlineCpus() != null && now.getOnlineCpus() > 0
                    ? now.getOnlineCpus()
                    : now.getCpuUsage().getPercpuUsage() == null
                            ? 1
                            : now.getCpuUsage().getPercpuUsage().size();
            if (systemDelta > 0 && cpuDelta >= 0) {
                nanoCores = Math.round((double) cpuDelta / systemDelta * cpus * 1e9);
            }
        }
        Long limit = cpuLimitCores == null ? null : Math.round(cpuLimitCores * 1000);
        return new Cpu(nanoCores, total, nanoCores == null ? null : nanoCores / 10_000_000, limit);
    }

    static Memory memory(MemoryStatsConfig m) {
        if (m == null || m.getUsage() == null) {
            return null;
        }
        long usage = m.getUsage();
        StatsConfig st = m.getStats();
        Long inactiveFile = st == null ? null : first(st.getTotalInactiveFile(), st.getInactiveFile());
        long workingSet = Math.max(0, usage - (inactiveFile == null ? 0 : inactiveFile));
        Long rss =
                st == null ? null : first(st.getTotalRss(), st.getRss(), sum(st.getActiveAnon(), st.getInactiveAnon()));
        Long cache = st == null
                ? null
                : first(st.getTotalCache(), st.getCache(), sum(st.getActiveFile(), st.getInactiveFile()));
        Long available = m.getLimit() == null ? null : Math.max(0, m.getLimit() - workingSet);
        return new Memory(available, usage, cache, workingSet, rss);
    }

    private static Long first(Long... values) {
        for (Long v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Long sum(Long a, Long b) {
        return a == null || b == null ? null : a + b;
    }
}
