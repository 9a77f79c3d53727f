package dev.ecivk.e2e.burst;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parsing and arithmetic behind the printed figures. */
class BurstFiguresTest {
    @Test
    void cpuTimeIsReadAfterACommandNameWithSpacesAndParentheses(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path stat = dir.resolve("stat");
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        java.nio.file.Files.writeString(
                stat, "4242 (java (my) app) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 0 0 20 0 40 0 1\n");
        assertThat(ProcStatus.cpuSeconds(stat)).isEqualTo(18.0);
        assertThat(ProcStatus.cpuSeconds(dir.resolve("gone"))).isEqualTo(-1.0);
        assertThat(ProcStatus.ownCpuSeconds()).isGreaterThan(0.0);
    }

    @Test
    void aLocalControlPlanesProcessesAreFoundByTheirCommandNames(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path proc) throws Exception {
        String[][] processes = {
            {"101", "kube-apiserver", "500 300"},
            {"102", "etcd", "100 50"},
            {"103", "kube-controller", "20 10"}, // kube-controller-manager, cut at 15 characters
            {"104", "bash", "999 999"},
            {"self", "kube-apiserver", "1 1"}
        };
        for (String[] p : processes) {
            java.nio.file.Path dir = java.nio.file.Files.createDirectories(proc.resolve(p[0]));
            java.nio.file.Files.writeString(dir.resolve("comm"), p[1] + "\n");
            java.nio.file.Files.writeString(
                    dir.resolve("stat"), p[0] + " (" + p[1] + ") S 1 1 1 0 -1 0 0 0 0 0 " + p[2] + " 0 0 20 0 1 0 1\n");
        }

        assertThat(ProcStatus.controlPlaneCpuSeconds(proc))
                .containsExactly(
                        Map.entry("etcd", 1.5),
                        Map.entry("kube-apiserver", 8.0),
                        Map.entry("kube-controller-manager", 0.3));
        assertThat(ProcStatus.controlPlaneCpuSeconds(proc.resolve("missing"))).isEmpty();
    }

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
    void anEventAKubeletOwesThatIsNotThereCountsAsDropped() {
        List<Event> events = new ArrayList<>();
        for (String reason : List.of("Scheduled", "Pulling", "Pulled", "Created", "Started", "ProviderCreateSuccess")) {
            events.add(event("a", reason));
        }
        for (String reason : List.of("Scheduled", "Pulling", "Pulled", "Created")) {
            events.add(event("b", reason));
        }
        events.add(event("not-ours", "Started"));

        EventAudit.Result r = EventAudit.audit(events, List.of("a", "b"), 1);

        assertThat(r.expected()).isEqualTo(10);
        assertThat(r.missingByReason()).containsExactlyEntriesOf(Map.of("Started", 1L));
        assertThat(r.missing()).isEqualTo(1);
        assertThat(r.total()).isEqualTo(10);
        assertThat(r.byReason()).containsEntry("ProviderCreateSuccess", 1L).containsEntry("Started", 1L);
        // a Pod of two containers owes each container's four
        assertThat(EventAudit.audit(events, List.of("a"), 2).missingByReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of("Pulling", 1L, "Pulled", 1L, "Created", 1L, "Started", 1L));
    }

    private static Event event(String pod, String reason) {
        return new EventBuilder()
                .withNewMetadata()
                .withName(pod + "." + reason)
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withName(pod)
                .endInvolvedObject()
                .withReason(reason)
                .build();
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
