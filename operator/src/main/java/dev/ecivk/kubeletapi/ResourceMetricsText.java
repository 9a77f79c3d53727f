package dev.ecivk.kubeletapi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code /metrics/resource} in the Prometheus text format as the kubelet does: node, pod and container CPU
 * counters and working sets with millisecond timestamps, container start times and the scrape error gauge. What
 * metrics-server (and so {@code kubectl top} and the HPA) reads. Pure.
 */
final class ResourceMetricsText {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private ResourceMetricsText() {}

    static String write(UsageSnapshot snapshot) {
        StringBuilder out = new StringBuilder();
        List<String> samples = new ArrayList<>();

        for (UsageSnapshot.PodUsage pod : snapshot.pods()) {
            for (UsageSnapshot.ContainerUsage container : pod.containers()) {
                cpuSeconds(samples, containerLabels(pod, container), container.usage());
            }
        }
        family(
                out,
                "container_cpu_usage_seconds_total",
                "counter",
                "Cumulative cpu time consumed by the container in core-seconds",
                samples);

        for (UsageSnapshot.PodUsage pod : snapshot.pods()) {
            for (UsageSnapshot.ContainerUsage container : pod.containers()) {
                gauge(
                        samples,
                        containerLabels(pod, container),
                        container.usage().workingSetBytes(),
                        container.usage().time());
            }
        }
        family(
                out,
                "container_memory_working_set_bytes",
                "gauge",
                "Current working set of the container in bytes",
                samples);

        for (UsageSnapshot.PodUsage pod : snapshot.pods()) {
            for (UsageSnapshot.ContainerUsage container : pod.containers()) {
                if (container.startTime() != null) {
                    samples.add(containerLabels(pod, container) + " " + seconds(container.startTime()) + " "
                            + container.usage().time().toEpochMilli());
                }
            }
        }
        family(
                out,
                "container_start_time_seconds",
                "gauge",
                "Start time of the container since unix epoch in seconds",
                samples);

        cpuSeconds(samples, "", snapshot.node());
        family(
                out,
                "node_cpu_usage_seconds_total",
                "counter",
                "Cumulative cpu time consumed by the node in core-seconds",
                samples);

        gauge(samples, "", snapshot.node().workingSetBytes(), snapshot.node().time());
        family(out, "node_memory_working_set_bytes", "gauge", "Current working set of the node in bytes", samples);

        for (UsageSnapshot.PodUsage pod : snapshot.pods()) {
            cpuSeconds(samples, podLabels(pod), pod.usage());
        }
        family(
                out,
                "pod_cpu_usage_seconds_total",
                "counter",
                "Cumulative cpu time consumed by the pod in core-seconds",
                samples);

        for (UsageSnapshot.PodUsage pod : snapshot.pods()) {
            gauge(
                    samples,
                    podLabels(pod),
                    pod.usage().workingSetBytes(),
                    pod.usage().time());
        }
        family(out, "pod_memory_working_set_bytes", "gauge", "Current working set of the pod in bytes", samples);

        samples.add(" " + (snapshot.scrapeError() ? "1" : "0"));
        family(
                out,
                "scrape_error",
                "gauge",
                "1 if there was an error while getting container metrics, 0 otherwise",
                samples);
        return out.toString();
    }

    private static void family(StringBuilder out, String name, String type, String help, List<String> samples) {
        out.append("# HELP ").append(name).append(" [STABLE] ").append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (String sample : samples) {
            out.append(name).append(sample).append('\n');
        }
        samples.clear();
    }

    private static void cpuSeconds(List<String> samples, String labels, UsageSnapshot.Usage usage) {
        if (usage.usageCoreNanoSeconds() != null) {
            samples.add(labels + " " + usage.usageCoreNanoSeconds() / 1e9 + " "
                    + usage.time().toEpochMilli());
        }
    }

    private static void gauge(List<String> samples, String labels, Long value, Instant time) {
        if (value != null) {
            samples.add(labels + " " + value + " " + time.toEpochMilli());
        }
    }

    private static String containerLabels(UsageSnapshot.PodUsage pod, UsageSnapshot.ContainerUsage container) {
        return "{container=\"" + escape(container.name()) + "\",namespace=\"" + escape(pod.namespace()) + "\",pod=\""
                + escape(pod.name()) + "\"}";
    }

    private static String podLabels(UsageSnapshot.PodUsage pod) {
        return "{namespace=\"" + escape(pod.namespace()) + "\",pod=\"" + escape(pod.name()) + "\"}";
    }

    private static String seconds(Instant time) {
        return String.valueOf(time.getEpochSecond() + time.getNano() / 1e9);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
