package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 50-Pod burst against the in-process mock apiserver: the benchmark must finish and print every figure, and the
 * figures must be plausible (all Pods Running, exactly one create call per Pod, latencies ordered).
 */
class BurstBenchmarkSmokeTest {

    @Test
    void smallBurstOnTheMockPrintsPlausibleFigures() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            code = BurstBenchmark.run(
                    out,
                    "--mock",
                    "--pods",
                    "50",
                    "--sim-start-delay",
                    "200ms",
                    "--status-interval",
                    "300ms",
                    "--timeout",
                    "PT60S",
                    "--cleanup-timeout",
                    "PT30S");
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(printed);
        assertThat(code).as(printed).isZero();

        assertThat(figure(printed, "pods running: (\\d+)/50")).isEqualTo(50);
        assertThat(figure(printed, "pods with a container group: (\\d+)/50")).isEqualTo(50);
        assertThat(decimal(printed, "eci calls per pod: .*CreateContainerGroup=([0-9.]+)"))
                .isEqualTo(1.0);
        assertThat(decimal(printed, "eci calls per pod: .*DescribeContainerGroups=([0-9.]+)"))
                .isPositive();
        assertThat(decimal(printed, "throughput to created: ([0-9.]+) pods/s")).isPositive();
        assertThat(decimal(printed, "throughput to running: ([0-9.]+) pods/s")).isPositive();

        long createdP50 = figure(printed, "bound->created ms: p50=(\\d+)");
        long createdP99 = figure(printed, "bound->created ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        long runningP50 = figure(printed, "bound->running ms: p50=(\\d+)");
        long runningP99 = figure(printed, "bound->running ms: p50=\\d+ p95=\\d+ p99=(\\d+)");
        assertThat(createdP50).isLessThanOrEqualTo(createdP99);
        assertThat(runningP50).isLessThanOrEqualTo(runningP99);
        // Running comes after the group exists, and not before the embedded ECI's 200 ms start delay
        assertThat(runningP50).isGreaterThanOrEqualTo(createdP50).isGreaterThanOrEqualTo(200);
        assertThat(figure(printed, "\\((\\d+) samples\\)")).isEqualTo(50);

        assertThat(figure(printed, "throttled calls: eci=(\\d+)")).isGreaterThanOrEqualTo(0);
        assertThat(printed).containsPattern("calls that waited for the controller's rate limiter: (none|\\{.*\\})");
        assertThat(figure(printed, "heap: used (\\d+) MiB")).isPositive();
        assertThat(figure(printed, "rss: (\\d+) MiB")).isPositive();
        assertThat(figure(printed, "cleanup: pods deleted, (\\d+) of 50 container groups deleted"))
                .isEqualTo(50);
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
