package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Small bursts of the benchmark program on the realistic-cluster fixture: the benchmark must finish, print every
 * figure, and the figures must hold what a kubelet owes (every Pod Running on one container group, every Event
 * there, nothing left after the cleanup) and stay within bounds a regression would break, so that the figures the
 * README quotes can be trusted.
 */
class BurstBenchmarkSmokeMockTest {
    private static final int PODS = 50;
    private static final long START_DELAY_MS = 200;
    private static final int LATENCY_SAMPLE = 10;
    private static final double STATUS_INTERVAL_S = 0.3;
    /** Groups a DescribeContainerGroupStatus page holds at most (ECI's MaxResults ceiling for the call is 200). */
    private static final int GROUPS_PER_STATUS_PAGE = 200;

    /**
     * Writes to a Pod and its status on its way to Running: the status once when it shows the group Pending, once
     * Running (a kubelet need not write more), and the price annotation once (cost per Pod is on by default). More
     * means a write without a change to show: a loop, a status diff that never settles (a condition's stale reason
     * once made it repeat), or another annotation on the hot path.
     */
    private static final double MAX_POD_WRITES_PER_POD = 3.0;

    /** The controller's --workers (the benchmark's default). */
    private static final int WORKERS = 32;

    /**
     * ECI calls a minute at 50 Running Pods, when nothing changes: the status feed's one page per status interval
     * (300 ms: 200 a minute) and the event feed's one call per event interval (1 s: 60 a minute), with a third of
     * slack for rounds that overlap the window's ends. A status that describes every group by id (3 calls of 20 ids
     * a round here) would be 600 a minute and fail this.
     */
    private static final double MAX_STEADY_ECI_CALLS_PER_MINUTE = (200 + 60) * 4 / 3.0;

    @Test
    void ecivkBurstOnTheMockPrintsEveryFigureWithinBounds() {
        String printed = run(
                "--mock",
                "--pods",
                String.valueOf(PODS),
                "--sim-start-delay",
                START_DELAY_MS + "ms",
                "--status-interval",
                (long) (STATUS_INTERVAL_S * 1000) + "ms",
                "--settle",
                "PT1S",
                "--steady-window",
                "PT5S",
                "--latency-sample",
                String.valueOf(LATENCY_SAMPLE),
                "--timeout",
                "PT60S",
                "--cleanup-timeout",
                "PT30S",
                "--",
                "--event-sync-interval",
                "1s");

        // every Pod got exactly one group and ran
        assertThat(figure(printed, "pods running: (\\d+)/" + PODS)).isEqualTo(PODS);
        assertThat(figure(printed, "pods with a container group: (\\d+)/" + PODS))
                .isEqualTo(PODS);
        assertThat(figure(printed, "container groups created: (\\d+)")).isEqualTo(PODS);
        assertThat(decimal(printed, "eci calls per pod: .*CreateContainerGroup=([0-9.]+)"))
                .isEqualTo(1.0);

        // latencies: one sample per Pod, ordered, Running after the group and not before ECI's start delay, and
        // none longer than the whole run the throughput line reports
        double runningWithin =
                decimal(printed, "throughput to running: [0-9.]+ pods/s \\(" + PODS + " in ([0-9.]+) s\\)");
        long createdP50 = figure(printed, "bound->created ms: p50=(\\d+)");
        long createdP99 = figure(printed, "bound->created ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        long runningP50 = figure(printed, "bound->running ms: p50=(\\d+)");
        long runningP99 = figure(printed, "bound->running ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        long runningMax = figure(printed, "bound->running ms: .* max=(\\d+) \\(" + PODS + " samples\\)");
        assertThat(createdP50).isLessThanOrEqualTo(createdP99);
        assertThat(runningP50).isLessThanOrEqualTo(runningP99).isLessThanOrEqualTo(runningMax);
        assertThat(runningP50).isGreaterThanOrEqualTo(createdP50).isGreaterThanOrEqualTo(START_DELAY_MS);
        assertThat(runningMax).isLessThanOrEqualTo(Math.round(runningWithin * 1000) + 10);

        // status comes from the change feed: at most one round of pages per status interval of the run (plus a few
        // rounds of slack around its ends), never one call per Pod per round, and no per-group describes
        long rounds = (long) Math.ceil(runningWithin / STATUS_INTERVAL_S) + 3;
        long pages = (PODS + GROUPS_PER_STATUS_PAGE - 1) / GROUPS_PER_STATUS_PAGE;
        double feedCallsPerPod = decimal(printed, "eci calls per pod: .*DescribeContainerGroupStatus=([0-9.]+)");
        assertThat(feedCallsPerPod * PODS).isPositive().isLessThanOrEqualTo(rounds * pages);
        assertThat(decimal(printed, "eci calls per pod: .*DescribeContainerGroups=([0-9.]+)", 0.0))
                .isLessThan(1.0);

        // the kubelet's own requests were counted, and only them: the benchmark's 50 creates are not the kubelet's
        double podWrites = decimal(printed, "until all Running: .*to the Pod and its status ([0-9.]+)");
        assertThat(podWrites).isGreaterThanOrEqualTo(1.0).isLessThanOrEqualTo(MAX_POD_WRITES_PER_POD);
        assertThat(decimal(printed, "^  POST pods\\s+([0-9.]+)", 0.0)).isZero();
        // ConfigMaps, Secrets and Services come from watches (a LIST or two per kind), not a read per Pod; the only
        // Service read is the cluster DNS Service's, by at most each worker until the first answer is in
        assertThat(decimal(printed, "^  GET configmaps\\s+([0-9.]+)")).isZero();
        assertThat(decimal(printed, "^  GET secrets\\s+([0-9.]+)")).isZero();
        assertThat(decimal(printed, "^  GET services\\s+([0-9.]+)")).isLessThanOrEqualTo(WORKERS / (double) PODS);
        assertThat(decimal(printed, "^  LIST services\\s+([0-9.]+)")).isLessThanOrEqualTo(2.0 / PODS);

        // every Event a kubelet owes each Pod is there by the end of the steady state, none given up
        assertThat(figure(printed, "events dropped: (\\d+) of " + PODS * 5 + " owed"))
                .isZero();
        assertThat(figure(printed, "events dropped: .*writes the controller gave up: (\\d+)"))
                .isZero();
        // every throttling ECI answered reached the controller's metrics
        assertThat(figure(printed, "throttled calls: eci=\\d+ controller=(\\d+)"))
                .isEqualTo(figure(printed, "throttled calls: eci=(\\d+)"));

        // steady state: status and events in proportion to change, not to the number of Pods
        double eciPerMinute = decimal(printed, "eci calls per minute in steady state: ([0-9.]+)");
        assertThat(eciPerMinute).isPositive().isLessThanOrEqualTo(MAX_STEADY_ECI_CALLS_PER_MINUTE);
        assertThat(decimal(printed, "eci calls per minute in steady state: .*DescribeContainerGroups=([0-9.]+)", 0.0))
                .as("no per-group describes in steady state")
                .isZero();

        // every restarted group showed on its Pod
        assertThat(figure(printed, "status latency, .* ms: p50=\\d+ .*\\((\\d+) samples\\)"))
                .isEqualTo(LATENCY_SAMPLE);
        assertThat(figure(printed, "status latency, .*; not seen within PT1M: (\\d+)"))
                .isZero();

        assertThat(figure(printed, "memory at all Running, .*: rss (\\d+) MiB")).isPositive();
        // the cleanup deletes each group once and leaves nothing behind
        assertThat(figure(printed, "cleanup: pods deleted, (\\d+) of " + PODS + " container groups deleted"))
                .isEqualTo(PODS);
        assertThat(printed).contains("left after cleanup: 0 pods, 0 live container groups");
    }

    @Test
    void statusOnlyKubeletMakesExactlyOneStatusPatchPerPod() {
        String printed = run(
                "--mock",
                "--kubelet",
                "status-only",
                "--pods",
                String.valueOf(PODS),
                "--steady-window",
                "PT0S",
                "--timeout",
                "PT60S",
                "--cleanup-timeout",
                "PT30S");

        assertThat(figure(printed, "pods running: (\\d+)/" + PODS)).isEqualTo(PODS);
        // the floor a kubelet cannot go under, and proof that the count sees the kubelet's requests and no others
        assertThat(decimal(printed, "^  PATCH pods/status\\s+([0-9.]+)")).isEqualTo(1.0);
        assertThat(decimal(printed, "until all Running: total ([0-9.]+)")).isEqualTo(1.0);
        assertThat(printed).contains("left after cleanup: 0 pods, 0 live container groups");
    }

    private static String run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            code = BurstBenchmark.run(out, args);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code).as(printed).isZero();
        return printed;
    }

    private static long figure(String text, String regex) {
        return Long.parseLong(find(text, regex).orElseThrow(() -> missing(regex, text)));
    }

    private static double decimal(String text, String regex) {
        return Double.parseDouble(find(text, regex).orElseThrow(() -> missing(regex, text)));
    }

    private static double decimal(String text, String regex, double otherwise) {
        return find(text, regex).map(Double::parseDouble).orElse(otherwise);
    }

    /** The first match's group 1; {@code ^} and {@code $} match at line ends. */
    private static Optional<String> find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static AssertionError missing(String regex, String text) {
        return new AssertionError("no figure /" + regex + "/ in\n" + text);
    }
}
