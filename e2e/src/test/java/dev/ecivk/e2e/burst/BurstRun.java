package dev.ecivk.e2e.burst;

import dev.ecivk.e2e.burst.KubeletRequests.Phase;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * One burst against one kubelet, phase by phase: start the kubelet and wait for its Node; create N Pods at once
 * and wait until all run (the burst); count ECI calls over a quiet window (steady state); restart a sample of
 * groups in ECI and time their Pods' status (status latency); delete everything and check nothing is left. The
 * kubelet's Kubernetes API requests are counted per phase.
 */
public final class BurstRun {
    /** What a comparison of kubelets needs from a run. */
    public record Summary(KubeletKind kubelet, boolean allRunning, double secondsToAllRunning, boolean clean) {}

    private static final String ACCESS_KEY_ID = "burst-benchmark";

    private final BurstOptions options;
    private final KubeletKind kind;
    private final PrintStream out;
    private final String nodeName;
    private final EciAccess eciAccess;

    private BurstRun(BurstOptions options, KubeletKind kind, PrintStream out) {
        this.options = options;
        this.kind = kind;
        this.out = out;
        // a separate Node for the baseline, so that the two kubelets never share one on a real cluster
        this.nodeName = kind == KubeletKind.STATUS_ONLY ? options.nodeName() + "-status-only" : options.nodeName();
        this.eciAccess = new EciAccess(
                null,
                options.controllerOption("--sim-region", "cn-hangzhou"),
                options.controllerOption("--sim-access-key-id", ACCESS_KEY_ID),
                options.controllerOption(
                        "--sim-access-key-secret", UUID.randomUUID().toString()));
    }

    public static Summary run(BurstOptions options, KubeletKind kind, PrintStream out) throws Exception {
        return new BurstRun(options, kind, out).run();
    }

    private Summary run() throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String loadAtStart = ProcStatus.loadAverage();
        boolean ownJvm = kind == KubeletKind.ECIVK && options.controllerJvm();
        try (BenchCluster cluster = options.mock()
                        ? BenchCluster.mock(options.namespace())
                        : BenchCluster.real(options.kubeconfig());
                KubeletRequests requests = cluster.requestCounter(ownJvm)) {
            KubernetesClient client = cluster.client();
            BurstPods pods = new BurstPods(runId, options.namespace(), nodeName, options.podShape());
            pods.prepare(client);
            try (KubeletUnderTest kubelet = startKubelet(cluster, requests);
                    PodClock clock = new PodClock(nodeName)) {
                try {
                    return measure(client, kubelet, requests, pods, clock, loadAtStart);
                } finally {
                    pods.delete(client, !options.mock()); // after a failure too; a no-op after the cleanup phase
                }
            }
        }
    }

    private Summary measure(
            KubernetesClient client,
            KubeletUnderTest kubelet,
            KubeletRequests requests,
            BurstPods pods,
            PodClock clock,
            String loadAtStart)
            throws Exception {
        kubelet.awaitReady(Duration.ofSeconds(120));
        awaitNodeReady(client, kubelet, Duration.ofSeconds(120));
        BurstReport report = new BurstReport(out, options, nodeName);
        report.header(kind, kubelet.describe(), loadAtStart);
        if (options.warmup() > 0) {
            requests.startPhase(Phase.WARM_UP);
            warmUp(client, pods.runId());
        }
        Optional<EciCounters> eci = kubelet.eci().map(EciCounters::new);
        EciCounters.Reading eciAtStart = eci.isPresent() ? eci.get().read() : null;
        HeapSampler heap = new HeapSampler().start();
        clock.watch(client, options.namespace(), BurstPods.RUN_LABEL, pods.runId());

        requests.startPhase(Phase.BURST);
        Optional<Map<String, Long>> apiserverAtStart =
                options.mock() ? Optional.empty() : ApiserverRequestTotals.read(client);
        Map<String, Double> cpuAtStart = cpuSeconds(kubelet);
        long t0 = System.nanoTime();
        if (options.mock()) {
            pods.createBound(client, options.pods(), options.createThreads(), clock);
        } else {
            pods.createDeployment(client, options.pods());
        }
        out.printf(
                Locale.ROOT,
                "submitted %d pods in %.2f s; waiting for Running%n",
                options.pods(),
                (System.nanoTime() - t0) / 1e9);
        boolean allRunning = awaitRunning(clock, t0, kubelet);
        Map<String, Double> cpuAtAllRunning = cpuSeconds(kubelet);
        Optional<Map<String, Long>> apiserverAtAllRunning =
                apiserverAtStart.isPresent() ? ApiserverRequestTotals.read(client) : Optional.empty();
        double burstSeconds = (clock.last(t -> t.running, t0) - t0) / 1e9;
        requests.startPhase(Phase.AFTER_BURST);
        heap.stop();

        report.burst(t0, clock, kind == KubeletKind.ECIVK);
        report.cpu(cpuAtStart, cpuAtAllRunning, burstSeconds);
        String metrics = kubelet.metrics();
        if (eci.isPresent()) {
            report.eci(eci.get().read(), eciAtStart, metrics, kubelet.limiterWaits());
        }
        report.events(metrics);
        if (apiserverAtStart.isPresent() && apiserverAtAllRunning.isPresent()) {
            report.apiserverRequests(ApiserverRequestTotals.since(apiserverAtStart.get(), apiserverAtAllRunning.get()));
        }
        report.startUpRequests(requests);
        report.memory(kubelet, metrics, heap, "at all Running");

        boolean steady = allRunning && !options.steadyWindow().isZero();
        if (steady) {
            steadyState(kubelet, requests, eci, report, clock);
        }
        if (kind == KubeletKind.ECIVK) {
            report.eventAudit(
                    EventAudit.audit(
                            client,
                            options.namespace(),
                            clock.all().keySet(),
                            pods.spec().getContainers().size()),
                    kubelet.metrics(),
                    steady ? "at the end of the steady state" : "at all Running");
        }
        report.apiRequests(requests, steady);
        requests.startPhase(Phase.PROBE); // the steady state ended it already, unless it was skipped
        if (allRunning && options.latencySample() > 0 && kubelet.eci().isPresent()) {
            try (EciProvider probeClient = kubelet.eci().get().provider(quotaScale())) {
                StatusLatencyProbe.Result r = new StatusLatencyProbe(probeClient, clock)
                        .run(options.latencySample(), options.latencyTimeout());
                report.statusLatency(r, options.latencyTimeout());
            }
        }
        requests.startPhase(Phase.CLEANUP);
        boolean clean = cleanUp(client, kubelet, pods, clock, eci);
        out.printf(Locale.ROOT, "load average at the end: %s%n", ProcStatus.loadAverage());
        double toRunning = (clock.last(t -> t.running, t0) - t0) / 1e9;
        return new Summary(kind, allRunning, toRunning, clean);
    }

    /**
     * Runs {@code --warmup} Pods of their own to Running on the kubelet and deletes them, so that the measured burst
     * meets a kubelet that has served Pods before; none of it is counted in the burst's figures.
     */
    private void warmUp(KubernetesClient client, String runId) throws Exception {
        long t0 = System.nanoTime();
        int n = options.warmup();
        BurstPods warm = new BurstPods(runId + "-warm", options.namespace(), nodeName, options.podShape());
        warm.prepare(client);
        long running;
        try (PodClock warmClock = new PodClock(nodeName)) {
            warmClock.watch(client, options.namespace(), BurstPods.RUN_LABEL, warm.runId());
            if (options.mock()) {
                warm.createBound(client, n, options.createThreads(), warmClock);
            } else {
                warm.createDeployment(client, n);
            }
            long deadline = System.nanoTime() + options.timeout().toNanos();
            while ((running = warmClock.count(t -> t.running)) < n && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        warm.delete(client, !options.mock());
        long deadline = System.nanoTime() + options.cleanupTimeout().toNanos();
        while (warm.remaining(client) > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        out.printf(
                Locale.ROOT,
                "warm-up: %d of %d pods ran, %d left after their delete, in %.2f s before the burst%n",
                running,
                n,
                warm.remaining(client),
                (System.nanoTime() - t0) / 1e9);
    }

    private void steadyState(
            KubeletUnderTest kubelet,
            KubeletRequests requests,
            Optional<EciCounters> eci,
            BurstReport report,
            PodClock clock)
            throws IOException, InterruptedException {
        LockSupport.parkNanos(options.settle().toNanos());
        EciCounters.Reading before = eci.isPresent() ? eci.get().read() : null;
        requests.startPhase(Phase.STEADY);
        long start = System.nanoTime();
        LockSupport.parkNanos(options.steadyWindow().toNanos());
        double minutes = (System.nanoTime() - start) / 60e9;
        EciCounters.Reading after = eci.isPresent() ? eci.get().read() : null;
        requests.startPhase(Phase.PROBE);
        report.steadyState(
                minutes,
                clock.count(t -> t.running),
                before == null ? null : after.callsSince(before),
                requests.available() ? requests.counts(Phase.STEADY) : null);
        report.memory(kubelet, kubelet.metrics(), null, "after the steady state");
    }

    private KubeletUnderTest startKubelet(BenchCluster cluster, KubeletRequests requests) throws Exception {
        if (kind == KubeletKind.STATUS_ONLY) {
            return StatusOnlyKubelet.start(
                    cluster.kubeletClient(requests),
                    nodeName,
                    Integer.parseInt(options.workers()),
                    Math.max(110, options.pods() + 10));
        }
        if (!options.controllerJvm()) {
            List<String> args = ecivkArgs(Map.of("--sim-access-key-secret", eciAccess.accessKeySecret()));
            return EcivkInProcess.start(cluster.kubeletClient(requests), args, eciAccess);
        }
        int metricsPort = freePort();
        int simPort = freePort();
        Path dir = Files.createTempDirectory("ecivk-burst-");
        EciAccess access = new EciAccess(
                "127.0.0.1:" + simPort, eciAccess.region(), eciAccess.accessKeyId(), eciAccess.accessKeySecret());
        EciProcess eciProcess = options.eciJvm()
                ? EciProcess.start(
                        options.controllerJar(),
                        splitOptions(options.eciJvmOptions()),
                        simPort,
                        simulatorArgs(),
                        access,
                        dir)
                : null;
        try {
            List<String> args = ecivkArgs(Map.of(
                    "--metrics-port",
                    String.valueOf(metricsPort),
                    eciProcess == null ? "--sim-port" : "--eci-endpoint",
                    eciProcess == null ? String.valueOf(simPort) : access.endpoint()));
            return EcivkProcess.start(
                    options.controllerJar(),
                    splitOptions(options.controllerJvmOptions()),
                    cluster.kubeletKubeconfig(dir),
                    args,
                    metricsPort,
                    access,
                    dir,
                    eciProcess);
        } catch (IOException | RuntimeException e) {
            if (eciProcess != null) {
                eciProcess.close();
            }
            throw e;
        }
    }

    /** The {@code ecivk simulator} options of the run: the embedded ECI's settings the controller would get. */
    private List<String> simulatorArgs() throws IOException {
        List<String> args = new ArrayList<>();
        for (String option : List.of(
                "--sim-start-delay", "--sim-quota-scale", "--sim-region", "--sim-access-key-id", "--sim-max-cpu")) {
            String value = ecivkArgValue(option);
            if (value != null) {
                args.add(option);
                args.add(value);
            }
        }
        return args;
    }

    /** The value the controller's run options give {@code option}, or null. */
    private String ecivkArgValue(String option) throws IOException {
        List<String> args = ecivkArgs(Map.of());
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals(option) && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith(option + "=")) {
                return args.get(i).substring(option.length() + 1);
            }
        }
        return null;
    }

    /** The benchmark's {@code ecivk run} options, then the user's; an option the user gives replaces ours. */
    private List<String> ecivkArgs(Map<String, String> extra) throws IOException {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("--node-name", nodeName);
        defaults.put("--metrics-port", "0");
        defaults.put("--kubelet-port", String.valueOf(freePort()));
        if (options.statusInterval() != null) {
            defaults.put("--status-sync-interval", options.statusInterval());
        }
        defaults.put("--workers", options.workers());
        defaults.put("--sim-start-delay", options.simStartDelay());
        defaults.put("--sim-quota-scale", options.simQuotaScale());
        defaults.put("--sim-region", eciAccess.region());
        defaults.put("--sim-access-key-id", eciAccess.accessKeyId());
        if (options.mock()) {
            defaults.put("--node-ip", "10.255.0.1"); // the mock never dials the node
        }
        defaults.putAll(extra);
        List<String> args = new ArrayList<>();
        defaults.forEach((k, v) -> {
            boolean overridden =
                    options.controllerOptions().stream().anyMatch(o -> o.equals(k) || o.startsWith(k + "="));
            if (!overridden) {
                args.add(k);
                args.add(v);
            }
        });
        args.addAll(options.controllerOptions());
        return args;
    }

    static List<String> splitOptions(String options) {
        return options == null || options.isBlank()
                ? List.of()
                : List.of(options.trim().split("\\s+"));
    }

    private double quotaScale() {
        return Double.parseDouble(options.controllerOption("--sim-quota-scale", options.simQuotaScale()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitNodeReady(KubernetesClient client, KubeletUnderTest kubelet, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            kubelet.checkAlive();
            Node n = client.nodes().withName(nodeName).get();
            if (n != null
                    && n.getStatus() != null
                    && n.getStatus().getConditions() != null
                    && n.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))) {
                return;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("node " + nodeName + " did not turn Ready within " + max);
    }

    private boolean awaitRunning(PodClock clock, long t0, KubeletUnderTest kubelet) {
        long deadline = t0 + options.timeout().toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long running = clock.count(t -> t.running);
            if (running >= options.pods()) {
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                out.printf(
                        Locale.ROOT,
                        "timed out after %s with %d/%d Running%n",
                        options.timeout(),
                        running,
                        options.pods());
                return false;
            }
            if (now > nextProgress) {
                kubelet.checkAlive();
                out.printf(
                        Locale.ROOT,
                        "  %6.1f s: %d group created, %d Running%n",
                        (now - t0) / 1e9,
                        clock.count(t -> t.created),
                        running);
                nextProgress = now + Duration.ofSeconds(10).toNanos();
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    /**
     * Deletes the Pods and waits until the benchmark's watch has seen every one of them go and, with ECI, until no
     * live group of the node is left (the kubelet deletes a group before its Pod); prints what is left over, by an
     * authoritative list. Returns true when nothing is.
     */
    private boolean cleanUp(
            KubernetesClient client,
            KubeletUnderTest kubelet,
            BurstPods pods,
            PodClock clock,
            Optional<EciCounters> eci)
            throws Exception {
        long start = System.nanoTime();
        long deletesBefore = eci.isPresent() ? callsOf(eci.get(), "DeleteContainerGroup") : 0;
        pods.delete(client, !options.mock());
        long deadline = start + options.cleanupTimeout().toNanos();
        while (clock.count(t -> t.gone) < clock.all().size() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        long groupsLeft = 0;
        try (EciProvider lister =
                kubelet.eci().map(e -> e.provider(quotaScale())).orElse(null)) {
            while (lister != null && (groupsLeft = liveGroups(lister)) > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int podsLeft = pods.remaining(client);
        if (eci.isPresent()) {
            out.printf(
                    Locale.ROOT,
                    "cleanup: pods deleted, %d of %d container groups deleted in %.2f s%n",
                    callsOf(eci.get(), "DeleteContainerGroup") - deletesBefore,
                    options.pods(),
                    seconds);
        } else {
            out.printf(Locale.ROOT, "cleanup: pods deleted in %.2f s%n", seconds);
        }
        out.printf(Locale.ROOT, "left after cleanup: %d pods, %d live container groups%n", podsLeft, groupsLeft);
        return podsLeft == 0 && groupsLeft == 0;
    }

    private long liveGroups(EciProvider lister) throws Exception {
        return lister.list(ListQuery.byTags(Map.of(OwnershipTags.NODE, nodeName))).stream()
                .filter(g -> !g.isTerminal())
                .count();
    }

    private static long callsOf(EciCounters eci, String action) throws IOException, InterruptedException {
        return eci.read().calls().getOrDefault(action, 0L);
    }

    /** The kubelet's processes, then, on a cluster, those of a control plane that runs on this machine. */
    private Map<String, Double> cpuSeconds(KubeletUnderTest kubelet) {
        Map<String, Double> cpu = new LinkedHashMap<>(kubelet.cpuSeconds());
        if (!options.mock()) {
            cpu.putAll(ProcStatus.controlPlaneCpuSeconds(Path.of("/proc")));
        }
        return cpu;
    }
}
