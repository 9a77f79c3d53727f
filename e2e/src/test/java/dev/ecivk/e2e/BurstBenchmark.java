package dev.ecivk.e2e;

import dev.ecivk.e2e.burst.BurstOptions;
import dev.ecivk.e2e.burst.BurstRun;
import dev.ecivk.e2e.burst.EciProcess;
import dev.ecivk.e2e.burst.KubeletKind;
import dev.ecivk.e2e.burst.PodShape;
import dev.ecivk.runtime.VirtualKubelet;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The burst benchmark: starts a kubelet for a virtual node (ecivk with the embedded ECI, in this JVM or in its own,
 * and/or a kubelet that only patches status), creates N Pods for it at once and prints how fast they got a container
 * group and reached Running, what that cost in ECI calls and Kubernetes API requests, ECI calls per minute in steady
 * state, the latency from an ECI change to the Pod's status, and the kubelet's memory. A program that prints
 * figures, not a timed assertion.
 *
 * <pre>
 * ./mvnw -B -q -pl e2e -am -Pbenchmark -DskipTests test -Dbenchmark.args="--mock --pods 1000"
 * ./mvnw -B -q -pl e2e -am -Pbenchmark -DskipTests test -Dbenchmark.args="--kubeconfig ~/.kube/config --pods 500"
 * </pre>
 *
 * <p>Times are taken by this program's own watch on the Pods (millisecond clock): the apiserver's timestamps have
 * one-second resolution. "Bound" is the moment the Pod was sent to the mock server with {@code spec.nodeName} set
 * (there is no scheduler there), or on a real cluster the first watch event that shows {@code spec.nodeName} = the
 * virtual node. "Group created" is the first event whose status shows the Pod's container group (container ids
 * {@code eci://<group>/...}: the first status write after the create), "Running" the first event with
 * {@code status.phase} Running.
 */
@Command(
        name = "burst-benchmark",
        mixinStandardHelpOptions = true,
        description = "Creates N Pods for a virtual node at once and prints throughput, latency, ECI calls, apiserver"
                + " requests and memory. Options after '--' are passed to the controller (ecivk run options).")
public final class BurstBenchmark implements Callable<Integer> {
    /**
     * The JVM of the chart's Pod: the image's flags (its ENTRYPOINT) with the chart's memory limit as the memory the
     * JVM sees, 640 MiB ({@code BurstBenchmarkDefaultsTest} checks both against the Dockerfile and the chart).
     */
    static final String CHART_JVM_OPTIONS =
            "-XX:+UseSerialGC -XX:MaxRAMPercentage=45 -XX:InitialRAMPercentage=45 -XX:NewRatio=3 -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=64m -XX:MaxMetaspaceSize=128m -XX:MaxDirectMemorySize=64m -Xss512k -XX:MaxRAM=640m";

    @Option(names = "--mock", description = "Run against the realistic-cluster fixture (an in-process apiserver).")
    boolean mock;

    @Option(names = "--kubeconfig", description = "Kubeconfig of a real cluster (ignored with --mock).")
    Path kubeconfig;

    @Option(
            names = "--kubelet",
            split = ",",
            defaultValue = "ecivk",
            converter = KubeletConverter.class,
            description = "Which kubelets to burst, one after the other: ecivk, status-only (a kubelet that only"
                    + " patches each Pod to Running once), or both, e.g. status-only,ecivk.")
    List<KubeletKind> kubelets = new ArrayList<>();

    @Option(
            names = {"-n", "--pods"},
            defaultValue = "1000",
            description = "How many Pods (mock) or Deployment replicas (real cluster).")
    int pods;

    @Option(
            names = "--pod-shape",
            defaultValue = "realistic",
            converter = ShapeConverter.class,
            description = "realistic (service-account token, service links, a ConfigMap variable) or minimal"
                    + " (nothing to resolve).")
    PodShape podShape;

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
            description = "Multiplies the embedded ECI's per-action quotas (1.0 = Alibaba Cloud's defaults, 0 = none).")
    String simQuotaScale;

    @Option(
            names = "--status-interval",
            description = "The controller's --status-sync-interval (default: the controller's own).")
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
            description = "How long to wait, after deleting the Pods, for them and their container groups to go.")
    Duration cleanupTimeout;

    @Option(
            names = "--settle",
            defaultValue = "PT75S",
            description = "How long to wait after all Pods run before the steady state's window: the Events that trail"
                    + " the burst drain, and ECI's change feed (which looks back at least 60 s) stops returning the"
                    + " burst's changes.")
    Duration settle;

    @Option(
            names = "--steady-window",
            defaultValue = "PT60S",
            description = "Once every Pod runs, count ECI calls and apiserver requests this long (PT0S skips it).")
    Duration steadyWindow;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            description = "Before the measured burst, run this many Pods on the kubelet and delete them again (0:"
                    + " none): a kubelet that has served Pods before, its hot paths compiled by the JIT.")
    int warmup;

    @Option(
            names = "--latency-sample",
            defaultValue = "100",
            description = "How many groups to restart in ECI to time ECI change -> Pod status (0 skips it).")
    int latencySample;

    @Option(
            names = "--latency-timeout",
            defaultValue = "PT60S",
            description = "How long, after the last restart, to wait for the Pods to show theirs.")
    Duration latencyTimeout;

    @Option(
            names = "--controller-jvm",
            description = "Run ecivk as its own JVM (java -jar ecivk.jar run --kubeconfig ...), so that its RSS is"
                    + " measured apart from the mock apiserver and the benchmark.")
    boolean controllerJvm;

    @Option(
            names = "--eci-jvm",
            description = "With --controller-jvm: run the embedded ECI as a JVM of its own too (ecivk simulator), which"
                    + " the controller reaches by --eci-endpoint as it would Alibaba's, so that its RSS is the"
                    + " controller's alone.")
    boolean eciJvm;

    @Option(
            names = "--controller-jar",
            description = "The shaded controller jar (default: operator/target/ecivk.jar of this checkout).")
    Path controllerJar;

    @Option(
            names = "--controller-jvm-options",
            defaultValue = CHART_JVM_OPTIONS,
            description =
                    "JVM options of the controller's own JVM (default: the chart's, as they resolve in its" + " Pod).")
    String controllerJvmOptions;

    @Option(
            names = "--eci-jvm-options",
            defaultValue = EciProcess.DEFAULT_JVM_OPTIONS,
            description = "With --eci-jvm: JVM options of the embedded ECI's own JVM (e.g. to profile it).")
    String eciJvmOptions;

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
        cli.setOut(new PrintWriter(out, true));
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

    @Override
    public Integer call() throws Exception {
        if (!mock && kubeconfig == null) {
            throw new CommandLine.ParameterException(new CommandLine(this), "give --mock or --kubeconfig FILE");
        }
        if (eciJvm && !controllerJvm) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--eci-jvm needs --controller-jvm");
        }
        BurstOptions options = new BurstOptions(
                mock ? null : kubeconfig,
                pods,
                namespace,
                nodeName,
                podShape,
                simStartDelay,
                simQuotaScale,
                statusInterval,
                workers,
                createThreads,
                timeout,
                cleanupTimeout,
                settle,
                steadyWindow,
                latencySample,
                latencyTimeout,
                controllerJvm,
                eciJvm,
                controllerJar != null ? controllerJar : defaultControllerJar(),
                controllerJvmOptions,
                eciJvmOptions,
                controllerOptions,
                warmup);
        List<BurstRun.Summary> runs = new ArrayList<>();
        for (KubeletKind kubelet : kubelets) {
            runs.add(BurstRun.run(options, kubelet, out));
        }
        compare(runs);
        return runs.stream().allMatch(r -> r.allRunning() && r.clean()) ? 0 : 2;
    }

    /** With the status-only kubelet in the same run: how far ecivk is from the control plane's floor. */
    private void compare(List<BurstRun.Summary> runs) {
        var floor = runs.stream()
                .filter(r -> r.kubelet() == KubeletKind.STATUS_ONLY)
                .findFirst();
        var ecivk = runs.stream().filter(r -> r.kubelet() == KubeletKind.ECIVK).findFirst();
        if (floor.isPresent()
                && ecivk.isPresent()
                && floor.get().allRunning()
                && ecivk.get().allRunning()) {
            out.printf(
                    Locale.ROOT,
                    "== time to all Running: status-only %.2f s, ecivk %.2f s: ecivk takes %.2fx the floor ==%n",
                    floor.get().secondsToAllRunning(),
                    ecivk.get().secondsToAllRunning(),
                    ecivk.get().secondsToAllRunning() / floor.get().secondsToAllRunning());
        }
    }

    /** {@code operator/target/ecivk.jar} beside the controller's classes when they come from this checkout. */
    static Path defaultControllerJar() {
        try {
            Path classes = Path.of(VirtualKubelet.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            if (Files.isDirectory(classes)) {
                return classes.getParent().resolve("ecivk.jar");
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the path relative to the working directory
        }
        Path fromModule = Path.of("..", "operator", "target", "ecivk.jar");
        return Files.exists(fromModule) ? fromModule : Path.of("operator", "target", "ecivk.jar");
    }

    static final class KubeletConverter implements CommandLine.ITypeConverter<KubeletKind> {
        @Override
        public KubeletKind convert(String value) {
            return KubeletKind.parse(value);
        }
    }

    static final class ShapeConverter implements CommandLine.ITypeConverter<PodShape> {
        @Override
        public PodShape convert(String value) {
            return PodShape.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
    }
}
