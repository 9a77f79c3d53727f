package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 50-Pod burst of the benchmark program against the in-process mock apiserver: every Pod runs on exactly one
 * container group, status comes from batched describes, every group is gone after the cleanup, and the printed
 * figures agree with the run's inputs and with each other (so the figures the README quotes can be trusted).
 */
class BurstBenchmarkSmokeMockTest {
    private static final int PODS = 50;
    private static final long START_DELAY_MS = 200;
    private static final double STATUS_INTERVAL_S = 0.3;
    /** ECI's maximum of ids per DescribeContainerGroups call. */
    private static final int IDS_PER_DESCRIBE = 20;

    @Test
    void smallBurstOnTheMockPrintsPlausibleFigures() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            code = BurstBenchmark.run(
                    out,
                    "--mock",
                    "--pods",
                    String.valueOf(PODS),
                    "--sim-start-delay",
                    START_DELAY_MS + "ms",
                    "--status-interval",
                    (long) (STATUS_INTERVAL_S * 1000) + "ms",
                    "--timeout",
                    "PT60S",
                    "--cleanup-timeout",
                    "PT30S");
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code).as(printed).isZero();

        // every Pod got one group and ran
        assertThat(figure(printed, "pods running: (\\d+)/" + PODS)).isEqualTo(PODS);
        assertThat(figure(printed, "pods with a container group: (\\d+)/" + PODS))
                .isEqualTo(PODS);
        assertThat(decimal(printed, "eci calls per pod: .*CreateContainerGroup=([0-9.]+)"))
                .isEqualTo(1.0);

        // latencies: one sample per Pod, ordered, Running after the group and not before ECI's start delay, and
        // none longer than the whole run the throughput line reports
        double runningWithin =
                decimal(printed, "throughput to running: [0-9.]+ pods/s \\(" + PODS + " in ([0-9.]+) s\\)");
        double createdWithin =
                decimal(printed, "throughput to created: [0-9.]+ pods/s \\(" + PODS + " in ([0-9.]+) s\\)");
        long createdP50 = figure(printed, "bound->created ms: p50=(\\d+)");
        long createdMax = figure(printed, "bound->created ms: .* max=(\\d+) \\(" + PODS + " samples\\)");
        long runningP50 = figure(printed, "bound->running ms: p50=(\\d+)");
        long runningP99 = figure(printed, "bound->running ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        long runningMax = figure(printed, "bound->running ms: .* max=(\\d+) \\(" + PODS + " samples\\)");
        assertThat(runningP50).isLessThanOrEqualTo(runningP99).isLessThanOrEqualTo(runningMax);
        assertThat(runningP50).isGreaterThanOrEqualTo(createdP50).isGreaterThanOrEqualTo(START_DELAY_MS);
        assertThat(createdMax).isLessThanOrEqualTo(Math.round(createdWithin * 1000) + 10);
        assertThat(runningMax).isLessThanOrEqualTo(Math.round(runningWithin * 1000) + 10);
        assertThat(createdWithin).isLessThanOrEqualTo(runningWithin);

        // status comes from the change feed: at most one round of pages per status interval of the run (plus a few
        // rounds of slack around its ends), never one call per Pod per round
        long rounds = (long) Math.ceil(runningWithin / STATUS_INTERVAL_S) + 3;
        long batches = (PODS + IDS_PER_DESCRIBE - 1) / IDS_PER_DESCRIBE;
        double feedCallsPerPod = decimal(printed, "eci calls per pod: .*DescribeContainerGroupStatus=([0-9.]+)");
        assertThat(feedCallsPerPod * PODS).isPositive().isLessThanOrEqualTo(rounds * batches);

        // every throttling ECI answered reached the controller's metrics; Events are mirrored as status rounds see
        // ECI's, so how many exist at the scrape depends on timing, but the Pods have some
        assertThat(figure(printed, "throttled calls: eci=\\d+ controller=(\\d+)"))
                .isEqualTo(figure(printed, "throttled calls: eci=(\\d+)"));
        assertThat(decimal(printed, "events recorded per pod: ([0-9.]+)")).isPositive();

        // memory figures in the right units: the live heap is resident, and the process fits the machine
        long heapAfterGc = figure(printed, "heap: used \\d+ MiB \\(peak \\d+ MiB, (\\d+) MiB after GC\\)");
        long rss = figure(printed, "rss: (\\d+) MiB");
        long rssPeak = figure(printed, "rss: \\d+ MiB \\(peak (\\d+) MiB\\)");
        double ramGib = decimal(printed, "machine: \\d+ cores, ([0-9.]+) GiB RAM");
        assertThat(heapAfterGc).isPositive().isLessThanOrEqualTo(rss);
        assertThat(rss).isLessThanOrEqualTo(rssPeak);
        assertThat(rssPeak).isLessThan(Math.round(ramGib * 1024));

        // the cleanup deletes each group once and leaves none behind
        assertThat(figure(printed, "cleanup: pods deleted, (\\d+) of " + PODS + " container groups deleted"))
                .isEqualTo(PODS);
        assertThat(figure(printed, "container groups still live after cleanup: (\\d+)"))
                .isZero();
    }

    private static long figure(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("figure /%s/ in%n%s", regex, text).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static double decimal(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("figure /%s/ in%n%s", regex, text).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
