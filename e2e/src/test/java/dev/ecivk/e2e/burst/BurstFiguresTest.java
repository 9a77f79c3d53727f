package dev.ecivk.e2e.burst;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing and arithmetic behind the printed figures. */
class BurstFiguresTest {

    @Test
    void percentilesAreNearestRankInMilliseconds() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (100 - i) * 1_000_000L; // 100 ms .. 1 ms, unsorted
        }
        assertThat(BurstReport.percentiles(nanos)).isEqualTo("p50=50 p95=95 p99=99 max=100 (100 samples)");
        assertThat(nanos[0]).as("the samples are not reordered").isEqualTo(100_000_000L);
        assertThat(BurstReport.percentiles(new long[0])).isEqualTo("p50=n/a p95=n/a p99=n/a max=n/a (0 samples)");
    }

    @Test
    void readsRssAndItsPeakFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmHWM:\t  614400 kB\nVmRSS:\t  524288 kB\nThreads:\t42\n";
        assertThat(ProcStatus.kib(status, "VmRSS")).isEqualTo(524_288);
        assertThat(ProcStatus.kib(status, "VmHWM")).isEqualTo(614_400);
        assertThat(ProcStatus.kib(status, "VmSwap")).isEqualTo(-1);
    }

    @Test
    void sumsPrometheusSeriesByLabel() {
        String metrics = """
                # HELP ecivk_events_recorded_total Kubernetes Events written
                # TYPE ecivk_events_recorded_total counter
                ecivk_events_recorded_total{reason="Pulled",type="Normal"} 50.0
                ecivk_events_recorded_total{reason="Pulling",type="Normal"} 50.0
                ecivk_events_recorded_total{reason="BackOff",type="Warning"} 2.0
                ecivk_events_recorded_total{reason="Pulled",type="Warning"} 1.0
                ecivk_events_failed_total{reason="Pulled"} 7.0
                """;
        assertThat(Scrape.byLabel(metrics, "ecivk_events_recorded_total", "reason"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Pulled", 51.0, "Pulling", 50.0, "BackOff", 2.0));
        assertThat(Scrape.sum(metrics, "ecivk_events_recorded_total", "type=\"Warning\""))
                .isEqualTo(3.0);
    }

    @Test
    void findsTheGroupInTheAnnotationOrElseInAContainerId() {
        Pod annotated = pod(null, true, 0);
        annotated.getMetadata().setAnnotations(Map.of(PodClock.GROUP_ID_ANNOTATION, "eci-annotated"));
        assertThat(PodClock.groupId(annotated)).isEqualTo("eci-annotated");
        assertThat(PodClock.groupId(pod("eci://eci-from-status/app", true, 0))).isEqualTo("eci-from-status");
        assertThat(PodClock.groupId(pod(null, false, 0))).isNull();
    }

    @Test
    void aRestartShowsAsAContainerNotReadyOrARestartCount() {
        assertThat(PodClock.showsRestart(pod("eci://g/app", true, 0))).isFalse();
        assertThat(PodClock.showsRestart(pod("eci://g/app", false, 0))).isTrue();
        assertThat(PodClock.showsRestart(pod("eci://g/app", true, 1))).isTrue();
        assertThat(PodClock.showsRestart(new PodBuilder()
                        .withNewMetadata()
                        .withName("p")
                        .endMetadata()
                        .build()))
                .isFalse();
    }

    @Test
    void theClockKeepsTheFirstSightingOfEachMoment() {
        PodClock clock = new PodClock("vk");
        Pod pending = pod(null, false, 0);
        pending.getSpec().setNodeName("vk");
        clock.observe(pending, 10);
        Pod running = pod("eci://g/app", true, 0);
        running.getSpec().setNodeName("vk");
        running.getStatus().setPhase("Running");
        clock.observe(running, 30);
        clock.observe(running, 50);

        PodClock.PodTimes t = clock.of("p");
        assertThat(t.bound).isEqualTo(10);
        assertThat(t.created).isEqualTo(30);
        assertThat(t.running).isEqualTo(30);
        assertThat(t.groupId).isEqualTo("g");
        assertThat(t.settled).isTrue();
        assertThat(clock.intervals(x -> x.bound, x -> x.running)).containsExactly(20);
    }

    private static Pod pod(String containerId, boolean ready, int restarts) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addNewContainerStatus()
                .withName("app")
                .withContainerID(containerId)
                .withReady(ready)
                .withRestartCount(restarts)
                .endContainerStatus()
                .endStatus()
                .build();
    }
}
