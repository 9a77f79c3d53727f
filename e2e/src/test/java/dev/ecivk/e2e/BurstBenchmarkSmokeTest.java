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
 * Small bursts on the realistic-cluster fixture: the benchmark must finish, print every figure, and the figures
 * must hold what a kubelet owes (every Pod Running, one create per Pod, nothing left after the cleanup) and stay
 * within bounds that a regression would break.
 */
class BurstBenchmarkSmokeTest {
    private static final int PODS = 50;

    /**
     * Writes to a Pod and its status on the way to Running (until the end of the steady state), per Pod: the kubelet records the container group on
     * the Pod (one patch, until the controller stops annotating) and writes the status once per change a user can
     * see — Pending with the group created, then Running — which is 3; one more leaves room for the status the
     * fixture's foreign writer makes the kubelet write again. More than 4 means the kubelet writes without a
     * change to show (a loop, or a status diff that never settles).
     */
    private static final double MAX_POD_WRITES_PER_POD = 4.0;

    /**
     * Events per Pod by the end of the steady state: a kubelet's four per container (Pulling, Pulled, Created,
     * Started), ECI's Scheduled and the controller's own (ProviderCreateSuccess, a DNS notice) make 7 for this
     * one-container Pod; 10 leaves room for a forwarded ECI event more, and catches a duplicate of each.
     */
    private static final double MAX_EVENTS_PER_POD = 10.0;

    @Test
    void ecivkBurstOnTheMockPrintsEveryFigureWithinBounds() {
        String printed = run(
                "--mock",
                "--pods",
                String.valueOf(PODS),
                "--sim-start-delay",
                "200ms",
                "--status-interval",
                "300ms",
                "--steady-window",
                "PT3S",
                "--latency-sample",
                "10",
                "--timeout",
                "PT60S",
                "--cleanup-timeout",
                "PT30S");

        assertThat(figure(printed, "pods running: (\\d+)/" + PODS)).isEqualTo(PODS);
        assertThat(figure(printed, "pods with a container group: (\\d+)/" + PODS))
                .isEqualTo(PODS);
        // one create per Pod: no lost create, no duplicate
        assertThat(figure(printed, "container groups created: (\\d+)")).isEqualTo(PODS);
        assertThat(decimal(printed, "eci calls per pod: .*CreateContainerGroup=([0-9.]+)"))
                .isEqualTo(1.0);
        assertThat(decimal(printed, "throughput to running: ([0-9.]+) pods/s")).isPositive();

        long createdP50 = figure(printed, "bound->created ms: p50=(\\d+)");
        long createdP99 = figure(printed, "bound->created ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        long runningP50 = figure(printed, "bound->running ms: p50=(\\d+)");
        long runningP99 = figure(printed, "bound->running ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        assertThat(createdP50).isLessThanOrEqualTo(createdP99);
        assertThat(runningP50).isLessThanOrEqualTo(runningP99);
        // Running comes after the group exists, and not before the embedded ECI's 200 ms start delay
        assertThat(runningP50).isGreaterThanOrEqualTo(createdP50).isGreaterThanOrEqualTo(200);
        assertThat(figure(printed, "bound->running ms: .*\\((\\d+) samples\\)")).isEqualTo(PODS);

        // the kubelet's own requests were counted (each Pod needs at least one status write to show Running) ...
        double podWrites = decimal(printed, "until the end of the steady state: .*to the Pod and its status ([0-9.]+)");
        assertThat(podWrites).isGreaterThanOrEqualTo(1.0).isLessThanOrEqualTo(MAX_POD_WRITES_PER_POD);
        assertThat(decimal(printed, "until the end of the steady state: .*events ([0-9.]+)"))
                .isLessThanOrEqualTo(MAX_EVENTS_PER_POD);
        // ... and only them: the benchmark's 50 creates are not the kubelet's
        assertThat(decimal(printed, "^  POST pods\\s+([0-9.]+)", 0.0)).isZero();

        // steady state: status polling goes on, but not faster than a full describe of every group each interval
        double eciPerMinute = decimal(printed, "eci calls per minute in steady state: ([0-9.]+)");
        double fullSweepsPerMinute = 60 / 0.3 * Math.ceil(PODS / 20.0);
        assertThat(eciPerMinute).isPositive().isLessThanOrEqualTo(2 * fullSweepsPerMinute);

        // every restarted group showed on its Pod
        assertThat(figure(printed, "status latency, .* ms: p50=\\d+ .*\\((\\d+) samples\\)"))
                .isEqualTo(10);
        assertThat(figure(printed, "status latency, .*; not seen within PT1M: (\\d+)"))
                .isZero();

        assertThat(figure(printed, "memory at all Running, .*: rss (\\d+) MiB")).isPositive();
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
