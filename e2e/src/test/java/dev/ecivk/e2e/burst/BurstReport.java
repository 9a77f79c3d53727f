package dev.ecivk.e2e.burst;

import dev.ecivk.eci.contract.EciQuotas;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The figures of one run, printed one per line so that people and the smoke test can read them. */
final class BurstReport {
    /**
     * The per-Pod requests a kubelet may make on the way to Running, listed even when the run made none of them, so
     * that a reader sees which are 0.
     */
    static final List<String> PER_POD_REQUESTS = List.of(
            "GET configmaps",
            "GET secrets",
            "GET services",
            "LIST services",
            "GET pods",
            "PATCH pods",
            "POST serviceaccounts/token",
            "PUT pods/status",
            "PATCH pods/status",
            "POST events");

    private final PrintStream out;
    private final BurstOptions options;
    private final String nodeName;

    BurstReport(PrintStream out, BurstOptions options, String nodeName) {
        this.out = out;
        this.options = options;
        this.nodeName = nodeName;
    }

    private void line(String format, Object... args) {
        out.printf(Locale.ROOT, format + "%n", args);
    }

    void header(KubeletKind kind, String describe, String loadAtStart) {
        Runtime rt = Runtime.getRuntime();
        line("== ecivk burst benchmark: %s ==", kind);
        line("kubelet: %s", describe);
        line("mode: %s", options.mock() ? "mock" : "cluster");
        line("node: %s", nodeName);
        line("pods: %d (%s)", options.pods(), options.podShape().name().toLowerCase(Locale.ROOT));
        if (kind == KubeletKind.ECIVK) {
            line("sim start delay: %s", options.simStartDelay());
            line("sim quota scale: %s", options.simQuotaScale());
            line(
                    "status interval: %s",
                    options.statusInterval() == null ? "the controller's default" : options.statusInterval());
            line("workers: %s", options.workers());
            line(
                    "controller options: %s",
                    options.controllerOptions().isEmpty() ? "(none)" : String.join(" ", options.controllerOptions()));
            if (options.controllerJvm()) {
                line("controller JVM options: %s", options.controllerJvmOptions());
            }
            if (options.controllerJvm() && options.eciJvm()) {
                line("embedded ECI JVM options: %s", options.eciJvmOptions());
            }
        }
        line(
                "machine: %d cores, %.1f GiB RAM, %s %s, Java %s, benchmark max heap %d MiB",
                rt.availableProcessors(),
                totalRamGib(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                rt.maxMemory() >> 20);
        line("load average at the start: %s", loadAtStart);
    }

    void burst(long t0, PodClock clock, boolean withGroups) {
        long created = clock.count(t -> t.created);
        long running = clock.count(t -> t.running);
        double toCreated = (clock.last(t -> t.created, t0) - t0) / 1e9;
        double toRunning = (clock.last(t -> t.running, t0) - t0) / 1e9;
        if (withGroups) {
            line("pods with a container group: %d/%d", created, options.pods());
        }
        line("pods running: %d/%d", running, options.pods());
        if (withGroups) {
            line(
                    "throughput to created: %.1f pods/s (%d in %.2f s)",
                    created / Math.max(1e-9, toCreated), created, toCreated);
        }
        line(
                "throughput to running: %.1f pods/s (%d in %.2f s)",
                running / Math.max(1e-9, toRunning), running, toRunning);
        double createsPerSecond = createQuotaPerSecond();
        if (withGroups && createsPerSecond > 0 && running == options.pods()) {
            double floor = options.pods() / createsPerSecond;
            line(
                    "create quota's floor: %d / %.1f per s = %.2f s; all Running took %.2fx it",
                    options.pods(), createsPerSecond, floor, toRunning / floor);
        }
        if (withGroups) {
            line("bound->created ms: %s", percentiles(clock.intervals(t -> t.bound, t -> t.created)));
        }
        line("bound->running ms: %s", percentiles(clock.intervals(t -> t.bound, t -> t.running)));
    }

    void eci(
            EciCounters.Reading now,
            EciCounters.Reading atStart,
            String metrics,
            Optional<Map<String, Long>> limiterWaits) {
        line(
                "eci calls per pod: %s",
                now.callsSince(atStart).entrySet().stream()
                        .map(e -> String.format(
                                Locale.ROOT, "%s=%.2f", e.getKey(), e.getValue() / (double) options.pods()))
                        .collect(Collectors.joining(" ")));
        line("container groups created: %d", now.creates() - atStart.creates());
        line(
                "throttled calls: eci=%d controller=%d",
                now.throttled() - atStart.throttled(),
                Math.round(Scrape.sum(metrics, "ecivk_cloud_api_calls_total", "outcome=\"throttled\"")));
        line(
                "calls that waited for the controller's rate limiter: %s",
                limiterWaits
                        .map(w -> w.isEmpty() ? "none" : new TreeMap<>(w).toString())
                        .orElse("n/a (the controller runs in its own JVM)"));
        line("duplicate creates prevented: %d", now.duplicatesPrevented() - atStart.duplicatesPrevented());
    }

    void events(String metrics) {
        if (!metrics.isEmpty()) {
            line(
                    "events recorded per pod: %.2f (%s)",
                    Scrape.sum(metrics, "ecivk_events_recorded_total", "") / options.pods(),
                    Scrape.byLabel(metrics, "ecivk_events_recorded_total", "reason").entrySet().stream()
                            .filter(e -> e.getValue() > 0)
                            .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / options.pods()))
                            .collect(Collectors.joining(", ")));
        }
    }

    /**
     * The Events on the Pods against those a kubelet owes them, and those the controller gave up writing (its
     * {@code ecivk_events_failed_total}, by reason: {@code QueueFull} is an Event dropped before any request).
     */
    void eventAudit(EventAudit.Result audit, String metrics, String when) {
        line(
                "events on the pods %s: %.2f per pod (%s)",
                when,
                audit.total() / (double) Math.max(1, audit.pods()),
                audit.byReason().entrySet().stream()
                        .map(e -> String.format(
                                Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) Math.max(1, audit.pods())))
                        .collect(Collectors.joining(", ")));
        line(
                "events dropped: %d of %d owed (%s per group, %s per container) missing%s; writes the controller gave"
                        + " up: %s",
                audit.missing(),
                audit.expected(),
                String.join(", ", EventAudit.PER_GROUP),
                String.join(", ", EventAudit.PER_CONTAINER),
                audit.missingByReason().isEmpty() ? "" : " " + audit.missingByReason(),
                metrics.isEmpty()
                        ? "n/a"
                        : String.valueOf(Math.round(Scrape.sum(metrics, "ecivk_events_failed_total", "")))
                                + nonZero(Scrape.byLabel(metrics, "ecivk_events_failed_total", "reason")));
    }

    private static String nonZero(Map<String, Double> byLabel) {
        String listed = byLabel.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %d", e.getKey(), Math.round(e.getValue())))
                .collect(Collectors.joining(", "));
        return listed.isEmpty() ? "" : " (" + listed + ")";
    }

    /**
     * The kubelet's requests per Pod, by verb and resource: from the burst's start until all Pods ran, and, when
     * there was a steady state, until its end too (Events written off the reconcile threads trail the burst).
     */
    void apiRequests(KubeletRequests requests, boolean withSteadyState) {
        if (!requests.available()) {
            line("apiserver requests per pod by the kubelet: n/a (%s)", requests.source());
            return;
        }
        Map<String, Long> burst = new TreeMap<>(requests.counts(KubeletRequests.Phase.BURST));
        Map<String, Long> untilQuiet = new TreeMap<>(burst);
        if (withSteadyState) {
            for (String phase : List.of(KubeletRequests.Phase.AFTER_BURST, KubeletRequests.Phase.STEADY)) {
                requests.counts(phase).forEach((k, v) -> untilQuiet.merge(k, v, Long::sum));
            }
        }
        PER_POD_REQUESTS.forEach(k -> {
            burst.putIfAbsent(k, 0L);
            untilQuiet.putIfAbsent(k, 0L);
        });
        line(
                "apiserver requests per pod by the kubelet (%s), bound -> all Running%s:",
                requests.source(), withSteadyState ? " | -> end of the steady state" : "");
        untilQuiet.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> line(
                        "  %-48s %8.2f%s",
                        e.getKey(),
                        burst.getOrDefault(e.getKey(), 0L) / (double) options.pods(),
                        withSteadyState
                                ? String.format(Locale.ROOT, " | %8.2f", e.getValue() / (double) options.pods())
                                : ""));
        requestSums("until all Running", burst);
        if (withSteadyState) {
            requestSums("until the end of the steady state", untilQuiet);
        }
    }

    /**
     * Every client's requests per Pod from the burst's start until all Pods ran, as the apiserver counted them
     * ({@link ApiserverRequestTotals}): the kubelet's, the benchmark's and the control plane's together.
     */
    void apiserverRequests(Map<String, Long> burst) {
        line(
                "apiserver requests per pod, all clients (the apiserver's apiserver_request_total), bound -> all Running:");
        burst.entrySet().stream()
                .filter(e -> e.getValue() / (double) options.pods() >= 0.005)
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> line("  %-48s %8.2f", e.getKey(), e.getValue() / (double) options.pods()));
        requestSums("all clients", "until all Running", burst);
    }

    private void requestSums(String until, Map<String, Long> counts) {
        requestSums("by the kubelet", until, counts);
    }

    private void requestSums(String whose, String until, Map<String, Long> counts) {
        double pods = options.pods();
        long total = sum(counts, k -> true);
        long writes = sum(counts, ApiRequestTally::isWrite);
        long podWrites = sum(counts, k -> ApiRequestTally.isWrite(k) && isPodObject(k));
        long events = sum(counts, k -> ApiRequestTally.isWrite(k) && isEvent(k));
        line(
                "apiserver requests per pod %s %s: total %.2f, reads %.2f, writes %.2f"
                        + " (to the Pod and its status %.2f, events %.2f)",
                whose, until, total / pods, (total - writes) / pods, writes / pods, podWrites / pods, events / pods);
    }

    /** A write to the Pod object or its status subresource (not its binding, eviction or token requests). */
    static boolean isPodObject(String key) {
        String resource = key.substring(key.indexOf(' ') + 1);
        return resource.equals("pods") || resource.equals("pods/status");
    }

    static boolean isEvent(String key) {
        String resource = key.substring(key.indexOf(' ') + 1);
        return resource.equals("events") || resource.equals("events.events.k8s.io");
    }

    private static long sum(Map<String, Long> counts, java.util.function.Predicate<String> which) {
        return counts.entrySet().stream()
                .filter(e -> which.test(e.getKey()))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    void startUpRequests(KubeletRequests requests) {
        if (requests.available()) {
            Map<String, Long> counts = requests.counts(KubeletRequests.Phase.START_UP);
            line(
                    "apiserver requests by the kubelet at start-up: %d (%s)",
                    sum(counts, k -> true),
                    counts.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue())
                            .collect(Collectors.joining(", ")));
        }
    }

    void steadyState(double minutes, long running, Map<String, Long> eciCalls, Map<String, Long> apiCounts) {
        line(
                "steady state: %.1f s with %d pods Running, from %s after all Running",
                minutes * 60, running, options.settle());
        if (eciCalls != null) {
            double perMinute =
                    eciCalls.values().stream().mapToLong(Long::longValue).sum() / minutes;
            line(
                    "eci calls per minute in steady state: %.1f, %.2f per second (%s)",
                    perMinute, perMinute / 60, perMinute(eciCalls, minutes));
        }
        if (apiCounts != null) {
            line(
                    "apiserver requests per minute by the kubelet in steady state: %.1f (%s)",
                    apiCounts.values().stream().mapToLong(Long::longValue).sum() / minutes,
                    perMinute(apiCounts, minutes));
        }
    }

    private static String perMinute(Map<String, Long> counts, double minutes) {
        return counts.isEmpty()
                ? "none"
                : counts.entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s=%.1f", e.getKey(), e.getValue() / minutes))
                        .collect(Collectors.joining(" "));
    }

    void statusLatency(StatusLatencyProbe.Result r, Duration timeout) {
        line(
                "status latency, ECI change -> Pod status (RestartContainerGroup of %d groups, %.0f/s) ms: %s;"
                        + " not seen within %s: %d; restarts refused by ECI: %d",
                r.sampled(),
                StatusLatencyProbe.RESTARTS_PER_SECOND,
                percentiles(r.latencies()),
                timeout,
                r.sampled() - r.restartFailures() - r.seen(),
                r.restartFailures());
    }

    /** RSS of the kubelet's process and heap, at a point of the run. */
    /**
     * CPU each process of the run used from the first Pod's create to the last Pod's Running, beside what the machine
     * had: on a machine that runs the apiserver, the cloud and the kubelet together, the burst's time follows the sum.
     */
    void cpu(Map<String, Double> before, Map<String, Double> after, double seconds) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder line = new StringBuilder();
        double sum = 0;
        for (Map.Entry<String, Double> e : after.entrySet()) {
            Double start = before.get(e.getKey());
            if (start == null || start < 0 || e.getValue() < 0) {
                continue;
            }
            double used = e.getValue() - start;
            sum += used;
            line.append(line.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.2f s", e.getKey(), used));
        }
        out.printf(
                Locale.ROOT,
                "cpu during the burst (%.2f s on %d cores = %.1f s): %s; sum %.2f s, %.0f%% of the machine%n",
                seconds,
                cores,
                seconds * cores,
                line,
                sum,
                seconds <= 0 ? 0 : 100 * sum / (seconds * cores));
    }

    void memory(KubeletUnderTest kubelet, String metrics, HeapSampler heap, String when) {
        ProcStatus.Rss rss = kubelet.rss();
        if (kubelet.ownProcess()) {
            line(
                    "memory %s, the controller's own JVM (%s): rss %d MiB (peak %d MiB); %s",
                    when,
                    kubelet.eciRss().isPresent() ? "the controller alone" : "controller and embedded ECI",
                    rss.mib(),
                    rss.peakMib(),
                    jvmMemory(metrics));
            kubelet.eciRss().ifPresent(eci -> line("memory %s, the embedded ECI's own JVM: rss %s", when, eci));
            return;
        }
        Runtime rt = Runtime.getRuntime();
        long usedNow = rt.totalMemory() - rt.freeMemory();
        System.gc(); // this JVM only: the live set, for the record
        long usedAfterGc = rt.totalMemory() - rt.freeMemory();
        line(
                "memory %s, the benchmark's JVM (kubelet, embedded ECI, %s and benchmark): rss %d MiB (peak %d MiB);"
                        + " heap used %d MiB (peak %d MiB, %d MiB after GC), committed %d MiB",
                when,
                options.mock() ? "mock apiserver with every object" : "no apiserver",
                rss.mib(),
                rss.peakMib(),
                usedNow >> 20,
                Math.max(heap == null ? 0 : heap.peakBytes(), usedNow) >> 20,
                usedAfterGc >> 20,
                rt.totalMemory() >> 20);
    }

    /** Heap, non-heap, direct buffers and threads of a JVM, from its Micrometer metrics. */
    static String jvmMemory(String metrics) {
        if (metrics.isEmpty()) {
            return "heap n/a";
        }
        return String.format(
                Locale.ROOT,
                "heap used %d MiB (committed %d MiB), non-heap used %d MiB, direct buffers %d MiB, %d threads",
                mib(Scrape.sum(metrics, "jvm_memory_used_bytes", "area=\"heap\"")),
                mib(Scrape.sum(metrics, "jvm_memory_committed_bytes", "area=\"heap\"")),
                mib(Scrape.sum(metrics, "jvm_memory_used_bytes", "area=\"nonheap\"")),
                mib(Scrape.sum(metrics, "jvm_buffer_memory_used_bytes", "id=\"direct\"")),
                Math.round(Scrape.sum(metrics, "jvm_threads_live_threads", "")));
    }

    private static long mib(double bytes) {
        return (long) bytes >> 20;
    }

    /** ECI's CreateContainerGroup quota per second as the embedded ECI applies it; 0 when it applies none. */
    private double createQuotaPerSecond() {
        double scale = Double.parseDouble(options.controllerOption("--sim-quota-scale", options.simQuotaScale()));
        return scale * EciQuotas.of("CreateContainerGroup").perMinute() / 60;
    }

    /** p50/p95/p99/max of nanosecond samples, in milliseconds (nearest rank). */
    static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "p50=n/a p95=n/a p99=n/a max=n/a (0 samples)";
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(
                Locale.ROOT,
                "p50=%d p95=%d p99=%d max=%d (%d samples)",
                rank(sorted, 50) / 1_000_000,
                rank(sorted, 95) / 1_000_000,
                rank(sorted, 99) / 1_000_000,
                sorted[sorted.length - 1] / 1_000_000,
                sorted.length);
    }

    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static double totalRamGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (double) (1L << 30);
        }
        return Double.NaN;
    }
}
