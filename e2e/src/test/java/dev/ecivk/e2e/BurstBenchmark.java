package dev.ecivk.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.testing.cluster.Behaviour;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The burst benchmark: starts the controller in-process with the embedded ECI, creates N Pods for its virtual node
 * at once and prints how fast they got a container group and reached Running, what that cost in ECI calls, and
 * what the controller's JVM held. It is a program that prints figures, not a timed assertion.
 *
 * <pre>
 * ./mvnw -B -pl e2e -am -Pbenchmark verify -Dbenchmark.args="--mock --pods 1000"
 * ./mvnw -B -pl e2e -am -Pbenchmark verify -Dbenchmark.args="--kubeconfig ~/.kube/config --pods 500"
 * </pre>
 *
 * <p>Times are taken by this program's own watch on the Pods (millisecond clock): the apiserver's timestamps have
 * one-second resolution. "Bound" is the moment the Pod was sent to the mock server with {@code spec.nodeName} set
 * (there is no scheduler there), or on a real cluster the first watch event that shows {@code spec.nodeName} = the
 * virtual node. "Group created" is the first event whose status shows the Pod's container group (container ids
 * {@code eci://<group>/…}: the first status write after the create), "Running" the first event with
 * {@code status.phase} Running.
 */
@Command(
        name = "burst-benchmark",
        mixinStandardHelpOptions = true,
        description = "Creates N Pods for an in-process virtual node and prints throughput, latency, ECI calls and"
                + " memory. Options after '--' are passed to the controller (ecivk run options).")
public final class BurstBenchmark implements Callable<Integer> {
    static final String RUN_LABEL = "ecivk.dev/benchmark-run";
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    @Option(names = "--mock", description = "Run against an in-process fabric8 mock apiserver (CRUD mode).")
    boolean mock;

    @Option(names = "--kubeconfig", description = "Kubeconfig of a real cluster (ignored with --mock).")
    Path kubeconfig;

    @Option(
            names = {"-n", "--pods"},
            defaultValue = "1000",
            description = "How many Pods (mock) or Deployment replicas (real cluster).")
    int pods;

    @Option(names = "--namespace", defaultValue = "default", description = "Namespace of the benchmark's Pods.")
    String namespace;

    @Option(names = "--node-name", defaultValue = "ecivk-bench", description = "Name of the virtual node.")
    String nodeName;

    @Option(
            names = "--sim-start-delay",
            defaultValue = "2s",
            description = "How long a container group stays Pending in the embedded ECI.")
    String simStartDelay;

    @Option(
            names = "--sim-quota-scale",
            defaultValue = "1.0",
            description = "Multiplies the embedded ECI's per-action quotas (1.0 = Alibaba Cloud's defaults).")
    String simQuotaScale;

    @Option(names = "--status-interval", defaultValue = "5s", description = "The controller's --status-sync-interval.")
    String statusInterval;

    @Option(names = "--workers", defaultValue = "32", description = "The controller's --workers.")
    String workers;

    @Option(names = "--create-threads", defaultValue = "16", description = "Threads that create the Pods in mock mode.")
    int createThreads;

    @Option(names = "--timeout", defaultValue = "PT15M", description = "Give up waiting for Running after this.")
    Duration timeout;

    @Option(
            names = "--cleanup-timeout",
            defaultValue = "PT3M",
            description = "How long to wait, after deleting the Pods, for their container groups to be deleted.")
    Duration cleanupTimeout;

    @Parameters(paramLabel = "CONTROLLER_OPTION", description = "ecivk run options, after '--'.")
    List<String> controllerOptions = new ArrayList<>();

    private final PrintStream out;

    BurstBenchmark(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BurstBenchmark(System.out)).execute(splitArgs(args)));
    }

    /** Runs with these arguments, printing to {@code out}; returns the exit code (the smoke test calls this). */
    static int run(PrintStream out, String... args) {
        CommandLine cli = new CommandLine(new BurstBenchmark(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        return cli.execute(args);
    }

    /** Accepts all arguments as one string too (as some launchers pass {@code -Dbenchmark.args="..."}). */
    static String[] splitArgs(String[] args) {
        if (args.length == 1 && args[0].contains(" ")) {
            return Arrays.stream(args[0].trim().split("\\s+"))
                    .filter(s -> !s.isEmpty())
                    .toArray(String[]::new);
        }
        return args;
    }

    /** First-seen times of one Pod, nanoseconds on this JVM's monotonic clock (0 = not yet). */
    static final class PodTimes {
        volatile long bound;
        volatile long created;
        volatile long running;
    }

    @Override
    public Integer call() throws Exception {
        if (!mock && kubeconfig == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --mock or --kubeconfig FILE");
        }
        String runId = UUID.randomUUID().toString().substring(0, 8);
        RealisticCluster server = null;
        KubernetesClient client;
        if (mock) {
            MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING); // it logs every request at INFO
            // a mock apiserver that behaves like a control plane: field selectors, status subresource, other writers
            server = RealisticCluster.builder()
                    .namespaces(namespace)
                    .without(Behaviour.SCHEDULER)
                    .build()
                    .start();
            client = server.client();
        } else {
            client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(expandHome(kubeconfig))))
                    .build();
        }
        MemorySampler memory = new MemorySampler();
        VirtualKubelet vk = null;
        Watch watch = null;
        Map<String, PodTimes> times = new ConcurrentHashMap<>();
        try {
            vk = VirtualKubelet.start(client, controllerArgs());
            EciSimulator eci = vk.embeddedEci()
                    .orElseThrow(() -> new IllegalStateException(
                            "the benchmark needs the embedded ECI (--provider simulator, the default)"));
            awaitNodeReady(client, Duration.ofSeconds(60));
            Map<String, Long> callsBefore = simCalls(eci);
            memory.start();

            watch = client.pods()
                    .inNamespace(namespace)
                    .withLabel(RUN_LABEL, runId)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, Pod pod) {
                            observe(times, pod);
                        }

                        @Override
                        public void onClose(WatcherException cause) {}
                    });

            long t0 = System.nanoTime();
            if (mock) {
                createBoundPods(client, runId, times);
            } else {
                createDeployment(client, runId);
            }
            long createdAllBy = System.nanoTime();
            out.printf(
                    Locale.ROOT,
                    "submitted %d pods in %.2f s; waiting for Running%n",
                    pods,
                    seconds(createdAllBy - t0));
            boolean allRunning = awaitRunning(times, t0);
            memory.stop();

            Map<String, Long> callsAfter = simCalls(eci);
            String metrics = scrape(vk.metricsPort());
            Map<String, Long> limiterWaits = vk.provider() instanceof EciProvider p ? p.throttledWaits() : Map.of();
            report(t0, times, delta(callsBefore, callsAfter), limiterWaits, eci, metrics, memory);
            if (server != null) {
                out.printf(
                        Locale.ROOT,
                        "apiserver requests per pod: %.2f (all clients, mock server)%n",
                        server.server().getRequestCount() / (double) pods);
            }

            long cleanupStart = System.nanoTime();
            long deletesBefore = simCalls(eci).getOrDefault("DeleteContainerGroup", 0L);
            cleanUp(client, runId);
            long left = awaitGroupsDeleted(vk);
            long gone = simCalls(eci).getOrDefault("DeleteContainerGroup", 0L) - deletesBefore;
            out.printf(
                    Locale.ROOT,
                    "cleanup: pods deleted, %d of %d container groups deleted in %.2f s%n",
                    gone,
                    pods,
                    seconds(System.nanoTime() - cleanupStart));
            out.printf(Locale.ROOT, "container groups still live after cleanup: %d%n", left);
            return allRunning ? 0 : 2;
        } finally {
            memory.stop();
            if (watch != null) {
                watch.close();
            }
            if (vk != null) {
                vk.close();
            }
            client.close();
            if (server != null) {
                server.close();
            }
        }
    }

    private String[] controllerArgs() throws IOException {
        Map<String, String> defaults = new java.util.LinkedHashMap<>();
        defaults.put("--node-name", nodeName);
        defaults.put("--metrics-port", "0");
        defaults.put("--kubelet-port", String.valueOf(freePort()));
        defaults.put("--status-sync-interval", statusInterval);
        defaults.put("--workers", workers);
        defaults.put("--sim-start-delay", simStartDelay);
        defaults.put("--sim-quota-scale", simQuotaScale);
        if (mock) {
            defaults.put("--node-ip", "10.255.0.1"); // the mock never dials the node
        }
        List<String> args = new ArrayList<>();
        defaults.forEach((k, v) -> {
            boolean overridden = controllerOptions.stream().anyMatch(o -> o.equals(k) || o.startsWith(k + "="));
            if (!overridden) {
                args.add(k);
                args.add(v);
            }
        });
        args.addAll(controllerOptions);
        return args.toArray(String[]::new);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Path expandHome(Path p) {
        String s = p.toString();
        return s.startsWith("~/") ? Path.of(System.getProperty("user.home"), s.substring(2)) : p;
    }

    private void observe(Map<String, PodTimes> times, Pod pod) {
        long now = System.nanoTime();
        PodTimes t = times.computeIfAbsent(pod.getMetadata().getName(), k -> new PodTimes());
        if (t.bound == 0 && nodeName.equals(pod.getSpec().getNodeName())) {
            t.bound = now;
        }
        if (t.created == 0 && dev.ecivk.testing.Pods.groupId(pod) != null) {
            t.created = now;
        }
        if (t.running == 0
                && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase())) {
            t.running = now;
        }
    }

    private PodSpec podSpec() {
        return new PodSpecBuilder()
                .withRestartPolicy("Always")
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(false)
                .addNewToleration()
                .withKey("virtual-kubelet.io/provider")
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .build();
    }

    /** Mock mode: no scheduler, so the Pods are created bound, as the scheduler's binding would leave them. */
    private void createBoundPods(KubernetesClient client, String runId, Map<String, PodTimes> times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(createThreads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < pods; i++) {
                String name = "bench-" + runId + "-" + i;
                done.add(pool.submit(() -> {
                    PodSpec spec = podSpec();
                    spec.setNodeName(nodeName);
                    Pod pod = new PodBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(namespace)
                            .addToLabels(RUN_LABEL, runId)
                            .endMetadata()
                            .withSpec(spec)
                            .build();
                    times.computeIfAbsent(name, k -> new PodTimes()).bound = System.nanoTime();
                    client.pods().inNamespace(namespace).resource(pod).create();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Real cluster: one Deployment; the scheduler binds its Pods to the virtual node. */
    private void createDeployment(KubernetesClient client, String runId) {
        PodSpec spec = podSpec();
        spec.setNodeSelector(Map.of("kubernetes.io/hostname", nodeName, "type", "virtual-kubelet"));
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("ecivk-bench-" + runId)
                        .withNamespace(namespace)
                        .addToLabels(RUN_LABEL, runId)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(pods)
                        .withNewSelector()
                        .addToMatchLabels(RUN_LABEL, runId)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels(RUN_LABEL, runId)
                        .endMetadata()
                        .withSpec(spec)
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    private void awaitNodeReady(KubernetesClient client, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
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

    private boolean awaitRunning(Map<String, PodTimes> times, long t0) {
        long deadline = t0 + timeout.toNanos();
        long nextProgress = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            long running = times.values().stream().filter(t -> t.running != 0).count();
            if (running >= pods) {
                return true;
            }
            long now = System.nanoTime();
            if (now > deadline) {
                out.printf(Locale.ROOT, "timed out after %s with %d/%d Running%n", timeout, running, pods);
                return false;
            }
            if (now > nextProgress) {
                long created =
                        times.values().stream().filter(t -> t.created != 0).count();
                out.printf(
                        Locale.ROOT, "  %6.1f s: %d group created, %d Running%n", seconds(now - t0), created, running);
                nextProgress = now + Duration.ofSeconds(10).toNanos();
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private void report(
            long t0,
            Map<String, PodTimes> times,
            Map<String, Long> calls,
            Map<String, Long> limiterWaits,
            EciSimulator eci,
            String metrics,
            MemorySampler memory) {
        List<PodTimes> all = new ArrayList<>(times.values());
        long created = all.stream().filter(t -> t.created != 0).count();
        long running = all.stream().filter(t -> t.running != 0).count();
        long lastCreated = all.stream().mapToLong(t -> t.created).max().orElse(t0);
        long lastRunning = all.stream().mapToLong(t -> t.running).max().orElse(t0);
        Runtime rt = Runtime.getRuntime();

        out.println("== ecivk burst benchmark ==");
        out.printf(
                Locale.ROOT,
                "mode: %s%nnode: %s%npods: %d%nsim start delay: %s%nsim quota scale: %s%n"
                        + "status interval: %s%nworkers: %s%ncontroller options: %s%n",
                mock ? "mock" : "cluster",
                nodeName,
                pods,
                simStartDelay,
                simQuotaScale,
                statusInterval,
                workers,
                controllerOptions.isEmpty() ? "(none)" : String.join(" ", controllerOptions));
        out.printf(
                Locale.ROOT,
                "machine: %d cores, %.1f GiB RAM, %s %s, Java %s, max heap %d MiB%n",
                rt.availableProcessors(),
                totalRamGib(),
                System.getProperty("os.name"),
                System.getProperty("os.arch"),
                System.getProperty("java.version"),
                rt.maxMemory() >> 20);
        out.printf(Locale.ROOT, "pods with a container group: %d/%d%n", created, pods);
        out.printf(Locale.ROOT, "pods running: %d/%d%n", running, pods);
        out.printf(
                Locale.ROOT,
                "throughput to created: %.1f pods/s (%d in %.2f s)%n",
                created / Math.max(1e-9, seconds(lastCreated - t0)),
                created,
                seconds(lastCreated - t0));
        out.printf(
                Locale.ROOT,
                "throughput to running: %.1f pods/s (%d in %.2f s)%n",
                running / Math.max(1e-9, seconds(lastRunning - t0)),
                running,
                seconds(lastRunning - t0));
        out.println("bound->created ms: "
                + percentiles(all.stream()
                        .filter(t -> t.bound != 0 && t.created != 0)
                        .mapToLong(t -> t.created - t.bound)
                        .toArray()));
        out.println("bound->running ms: "
                + percentiles(all.stream()
                        .filter(t -> t.bound != 0 && t.running != 0)
                        .mapToLong(t -> t.running - t.bound)
                        .toArray()));
        StringBuilder perPod = new StringBuilder();
        calls.forEach((action, n) -> perPod.append(perPod.length() == 0 ? "" : " ")
                .append(action)
                .append('=')
                .append(String.format(Locale.ROOT, "%.2f", n / (double) pods)));
        out.println("eci calls per pod: " + perPod);
        out.printf(
                Locale.ROOT,
                "throttled calls: eci=%d controller=%d%n",
                throttledAtEci(eci),
                sumSeries(metrics, "ecivk_cloud_api_calls_total", "outcome=\"throttled\""));
        out.printf(
                Locale.ROOT,
                "events recorded per pod: %.2f%n",
                sumSeries(metrics, "ecivk_events_recorded_total", "") / (double) pods);
        out.println("calls that waited for the controller's rate limiter: "
                + (limiterWaits.isEmpty() ? "none" : new TreeMap<>(limiterWaits).toString()));
        out.printf(
                Locale.ROOT, "duplicate creates prevented: %d%n", eci.counters().duplicateCreatesPrevented());
        long usedNow = rt.totalMemory() - rt.freeMemory();
        System.gc();
        long usedAfterGc = rt.totalMemory() - rt.freeMemory();
        out.printf(
                Locale.ROOT,
                "heap: used %d MiB (peak %d MiB, %d MiB after GC), committed %d MiB%n",
                usedNow >> 20,
                Math.max(memory.peakHeap(), usedNow) >> 20,
                usedAfterGc >> 20,
                rt.totalMemory() >> 20);
        out.printf(
                Locale.ROOT, "rss: %d MiB (peak %d MiB)%n", procStatusKib("VmRSS") >> 10, procStatusKib("VmHWM") >> 10);
        out.println(
                mock
                        ? "note: one JVM holds the controller, the embedded ECI and the mock apiserver with all Pods"
                        : "note: one JVM holds the controller and the embedded ECI");
    }

    /** p50/p95/p99/max of nanosecond samples, in milliseconds (nearest rank). */
    static String percentiles(long[] nanos) {
        if (nanos.length == 0) {
            return "p50=n/a p95=n/a p99=n/a max=n/a (0 samples)";
        }
        Arrays.sort(nanos);
        return String.format(
                Locale.ROOT,
                "p50=%d p95=%d p99=%d max=%d (%d samples)",
                rank(nanos, 50) / 1_000_000,
                rank(nanos, 95) / 1_000_000,
                rank(nanos, 99) / 1_000_000,
                nanos[nanos.length - 1] / 1_000_000,
                nanos.length);
    }

    private static long rank(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Per-action call counts from the embedded ECI's admin API ({@code GET /_sim/counters}). */
    private static Map<String, Long> simCalls(EciSimulator eci) throws IOException, InterruptedException {
        JsonNode calls = simCounters(eci).path("calls");
        Map<String, Long> out = new TreeMap<>();
        calls.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
        return out;
    }

    private static JsonNode simCounters(EciSimulator eci) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://" + eci.endpoint() + "/_sim/counters"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return new ObjectMapper().readTree(r.body());
    }

    private static long throttledAtEci(EciSimulator eci) {
        try {
            AtomicLong n = new AtomicLong();
            simCounters(eci)
                    .path("errors")
                    .forEach(byCode -> byCode.fields().forEachRemaining(e -> {
                        if (e.getKey().startsWith("Throttling")) {
                            n.addAndGet(e.getValue().asLong());
                        }
                    }));
            return n.get();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, v - before.getOrDefault(k, 0L)));
        return out;
    }

    private static String scrape(int port) throws IOException, InterruptedException {
        if (port <= 0) {
            return "";
        }
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** Sum of the samples of a Prometheus series whose labels contain {@code labelFilter}. */
    static long sumSeries(String text, String name, String labelFilter) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") && line.contains(labelFilter)) {
                String value = line.substring(line.lastIndexOf(' ') + 1);
                sum += Double.parseDouble(value);
            }
        }
        return Math.round(sum);
    }

    private void cleanUp(KubernetesClient client, String runId) {
        if (!mock) {
            client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName("ecivk-bench-" + runId)
                    .delete();
        }
        client.pods().inNamespace(namespace).withLabel(RUN_LABEL, runId).delete();
    }

    /** Waits until the embedded ECI holds no live group of this node; returns how many are left at the deadline. */
    private long awaitGroupsDeleted(VirtualKubelet vk) throws Exception {
        long deadline = System.nanoTime() + cleanupTimeout.toNanos();
        while (true) {
            long live = vk.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, nodeName))).stream()
                    .filter(g -> !g.isTerminal())
                    .count();
            if (live == 0 || System.nanoTime() >= deadline) {
                return live;
            }
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        }
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double totalRamGib() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize() / (double) (1L << 30);
        }
        return Double.NaN;
    }

    /** A size line of /proc/self/status in KiB (VmRSS, VmHWM), or -1 off Linux. */
    static long procStatusKib(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    /** Samples used heap every 200 ms during the burst to report its peak. */
    static final class MemorySampler {
        private final AtomicLong peak = new AtomicLong();
        private volatile Thread thread;

        void start() {
            Thread t = new Thread(
                    () -> {
                        Runtime rt = Runtime.getRuntime();
                        while (!Thread.currentThread().isInterrupted()) {
                            peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                        }
                    },
                    "benchmark-memory");
            t.setDaemon(true);
            thread = t;
            t.start();
        }

        void stop() {
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }

        long peakHeap() {
            return peak.get();
        }
    }
}
