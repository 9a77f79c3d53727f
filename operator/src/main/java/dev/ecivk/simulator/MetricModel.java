package dev.ecivk.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metric samples consistent with the group's resources: a running container uses 5-15% of its cpu and about a
 * third of its memory; stopped containers use nothing. Deterministic in time, so repeated reads agree.
 */
final class MetricModel {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private MetricModel() {}

    static Map<String, Object> record(SimGroup g, Instant t) {
        List<SimContainer> containers = g.containers();
        List<Object> perContainer = new ArrayList<>();
        long cpuNano = 0;
        long cpuCumulative = 0;
        long memUsage = 0;
        long workingSet = 0;
        long rss = 0;
        long cache = 0;
        double groupCpu = g.cpu();
        double groupMem = g.memory();
        int n = Math.max(1, containers.size());
        for (SimContainer c : containers) {
            Double cpu = c.spec.number("Cpu");
            Double mem = c.spec.number("Memory");
            double cores = cpu == null || cpu == 0 ? groupCpu / n : cpu;
            double gib = mem == null || mem == 0 ? groupMem / n : mem;
            boolean running;
            long upSeconds;
            synchronized (g) {
                running = c.running() && !c.current.start.isAfter(t);
                upSeconds = c.current == null ? 0 : Math.max(0, c.uptime(t).getSeconds());
            }
            ProcessModel.Usage u = ProcessModel.usage(c.name, cores, gib, running, upSeconds, t);
            long usageNano = u.usageNanoCores();
            long cumulative = u.usageCoreNanoSeconds();
            long limitBytes = (long) (gib * GIB);
            long ws = u.workingSetBytes();
            long c_rss = u.rssBytes();
            long c_cache = u.cacheBytes();
            long usage = u.usageBytes();
            perContainer.add(Map.of(
                    "Name", c.name,
                    "CPU", cpu(usageNano, cumulative, cores),
                    "Memory", memory(limitBytes - ws, usage, c_cache, ws, c_rss)));
            cpuNano += usageNano;
            cpuCumulative += cumulative;
            memUsage += usage;
            workingSet += ws;
            rss += c_rss;
            cache += c_cache;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Timestamp", GroupJson.time(t));
        m.put("CPU", cpu(cpuNano, cpuCumulative, groupCpu));
        m.put("Memory", memory((long) (groupMem * GIB) - workingSet, memUsage, cache, workingSet, rss));
        m.put(
                "Network",
                Map.of(
                        "Interfaces",
                        List.of(Map.of(
                                "Name",
                                "eth0",
                                "RxBytes",
                                cpuCumulative / 1000,
                                "TxBytes",
                                cpuCumulative / 2000,
                                "RxErrors",
                                0,
                                "TxErrors",
                                0))));
        m.put("Containers", perContainer);
        return m;
    }

    private static Map<String, Object> cpu(long usageNano, long cumulative, double cores) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("UsageNanoCores", usageNano);
        m.put("UsageCoreNanoSeconds", cumulative);
        m.put("Load", usageNano / 10_000_000);
        m.put("Limit", (long) (cores * 1000));
        return m;
    }

    private static Map<String, Object> memory(long available, long usage, long cache, long workingSet, long rss) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("AvailableBytes", Math.max(0, available));
        m.put("UsageBytes", usage);
        m.put("Cache", cache);
        m.put("WorkingSet", workingSet);
        m.put("Rss", rss);
        return m;
    }
}
