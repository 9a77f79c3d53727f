package dev.ecivk.agent.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import org.junit.jupiter.api.Test;

/** Docker stats answers, as the Engine API sends them, in the kubelet's terms. */
class DockerStatsTest {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static Statistics stats(String json) throws Exception {
        return JSON.readValue(json, Statistics.class);
    }

    @Test
    void cgroupV2() throws Exception {
        Statistics s = stats("""
                {"read":"2026-01-01T00:00:01Z","preread":"2026-01-01T00:00:00Z",
                 "cpu_stats":{"cpu_usage":{"total_usage":2500000000},"system_cpu_usage":20000000000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":2000000000},"system_cpu_usage":18000000000,"online_cpus":2},
                 "memory_stats":{"usage":104857600,"limit":536870912,
                   "stats":{"inactive_file":4194304,"active_file":6291456,"active_anon":80000000,"inactive_anon":3886080}}}
                """);

        ContainerMetrics m = DockerStats.map("app", s, 0.5);

        assertThat(m.name()).isEqualTo("app");
        // 0.5 s of cpu in 2 s of system time over 2 cpus: half a core.
        assertThat(m.cpu().usageNanoCores()).isEqualTo(500_000_000L);
        assertThat(m.cpu().usageCoreNanoSeconds()).isEqualTo(2_500_000_000L);
        assertThat(m.cpu().limit()).isEqualTo(500L);
        assertThat(m.memory().usageBytes()).isEqualTo(104_857_600L);
        assertThat(m.memory().workingSet()).isEqualTo(100_663_296L);
        assertThat(m.memory().rss()).isEqualTo(83_886_080L);
        assertThat(m.memory().cache()).isEqualTo(10_485_760L);
        assertThat(m.memory().availableBytes()).isEqualTo(436_207_616L);
    }

    @Test
    void cgroupV1() throws Exception {
        Statistics s = stats("""
                {"cpu_stats":{"cpu_usage":{"total_usage":900,"percpu_usage":[400,500]},"system_cpu_usage":2000},
                 "precpu_stats":{"cpu_usage":{"total_usage":800},"system_cpu_usage":1000},
                 "memory_stats":{"usage":1000,"limit":4000,
                   "stats":{"total_inactive_file":100,"total_rss":600,"total_cache":300}}}
                """);

        ContainerMetrics m = DockerStats.map("app", s, null);

        // No online_cpus: the per-cpu list counts them. 100 of 1000 over 2 cpus = 0.2 cores.
        assertThat(m.cpu().usageNanoCores()).isEqualTo(200_000_000L);
        assertThat(m.cpu().limit()).isNull();
        assertThat(m.memory().workingSet()).isEqualTo(900L);
        assertThat(m.memory().rss()).isEqualTo(600L);
        assertThat(m.memory().cache()).isEqualTo(300L);
        assertThat(m.memory().availableBytes()).isEqualTo(3100L);
    }

    @Test
    void aFirstSampleWithoutAPreviousReadingHasNoRateButItsTotals() throws Exception {
        Statistics s = stats("""
                {"cpu_stats":{"cpu_usage":{"total_usage":900},"system_cpu_usage":2000,"online_cpus":1},
                 "precpu_stats":{"cpu_usage":{}},
                 "memory_stats":{}}
                """);

        ContainerMetrics m = DockerStats.map("app", s, null);
        assertThat(m.cpu().usageNanoCores()).isNull();
        assertThat(m.cpu().usageCoreNanoSeconds()).isEqualTo(900L);
        assertThat(m.memory()).isNull();
    }
}
