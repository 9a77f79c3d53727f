package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The lifecycle engine on a manual time line: every transition happens at its own instant. */
class SimGroupLifecycleTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static Map<String, String> request(String policy, String... argv) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", "cn-hangzhou");
        p.put("ContainerGroupName", "g");
        p.put("RestartPolicy", policy);
        p.put("Container.1.Name", "main");
        p.put("Container.1.Image", "busybox");
        for (int i = 0; i < argv.length; i++) {
            p.put("Container.1.Command." + (i + 1), argv[i]);
        }
        return p;
    }

    static SimGroup group(Map<String, String> request) {
        return new SimGroup(
                "eci-test",
                1,
                request,
                "zone-a",
                "vsw-a",
                "10.1.0.2",
                T0,
                Duration.ofSeconds(2),
                RestartBackOff.Policy.KUBELET);
    }

    @Test
    void initContainersThenContainersThenSucceeded() {
        Map<String, String> p = request("Never", "echo", "done");
        p.put("InitContainer.1.Name", "first");
        p.put("InitContainer.1.Image", "busybox");
        p.put("InitContainer.1.Command.1", "sleep");
        p.put("InitContainer.1.Command.2", "3");
        SimGroup g = group(p);
        g.advance(T0.plusSeconds(1));
        assertThat(g.status()).isEqualTo("Pending");
        assertThat(g.due(T0.plusSeconds(1))).isFalse();
        g.advance(T0.plusSeconds(4));
        assertThat(g.phase()).isEqualTo(SimGroup.Phase.INIT);
        assertThat(g.due(T0.plusSeconds(5))).isTrue();
        g.advance(T0.plusSeconds(5));
        assertThat(g.status()).isEqualTo("Succeeded");
        assertThat(g.succeededTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(g.initContainers().get(0).current.end).isEqualTo(T0.plusSeconds(5));
        assertThat(g.containers().get(0).current.start).isEqualTo(T0.plusSeconds(5));
        assertThat(g.version()).isPositive();
    }

    @Test
    void onFailureRestartsAtOnceThenAfterTheBackoffAndCountsRestarts() {
        SimGroup g = group(request("OnFailure", "sh", "-c", "sleep 1; exit 2"));
        g.advance(T0.plusSeconds(3));
        SimContainer c = g.containers().get(0);
        assertThat(c.restartCount).isEqualTo(1);
        assertThat(c.running()).isTrue();
        assertThat(g.events()).noneSatisfy(e -> assertThat(e.reason).isEqualTo("BackOff"));
        g.advance(T0.plusSeconds(4));
        assertThat(c.running()).isFalse();
        assertThat(c.restartAt).isEqualTo(T0.plusSeconds(14));
        g.advance(T0.plusSeconds(14));
        assertThat(c.restartCount).isEqualTo(2);
        assertThat(c.previous.exitCode).isEqualTo(2);
        assertThat(g.status()).isEqualTo("Running");
        assertThat(g.events()).anySatisfy(e -> {
            assertThat(e.reason).isEqualTo("BackOff");
            assertThat(e.type).isEqualTo("Warning");
        });
    }

    /** The README's promise: about 4 restarts in the first 90 s, as under the kubelet. */
    @Test
    void aCrashLoopRestartsFourTimesInItsFirstNinetySeconds() {
        SimGroup g = group(request("Always", "sh", "-c", "echo boom; exit 3"));
        SimContainer c = g.containers().get(0);
        Map<Integer, Instant> restarts = new TreeMap<>();
        for (int s = 0; s <= 2 + 90; s++) {
            g.advance(T0.plusSeconds(s));
            if (c.restartCount > 0) {
                restarts.putIfAbsent(c.restartCount, c.current.start);
            }
        }
        // first started at 2 s (the start delay) and crashed: restarted at once, then after 10, 20 and 40 s
        assertThat(restarts)
                .containsExactly(
                        Map.entry(1, T0.plusSeconds(2)),
                        Map.entry(2, T0.plusSeconds(12)),
                        Map.entry(3, T0.plusSeconds(32)),
                        Map.entry(4, T0.plusSeconds(72)));
        assertThat(c.restartAt).isEqualTo(T0.plusSeconds(72 + 80));
        assertThat(g.status()).isEqualTo("Running");
    }

    @Test
    void betweenRestartsTheContainerWaitsInCrashLoopBackOffWithTheKubeletsMessage() {
        SimGroup g = group(request("Always", "sh", "-c", "echo boom; exit 3"));
        g.advance(T0.plusSeconds(20)); // crashes at 2 s, 2 s and 12 s: now waiting 20 s
        Map<String, Object> json = GroupJson.render(g, T0.plusSeconds(20));
        assertThat(json).containsEntry("Status", "Running");
        Map<?, ?> container = (Map<?, ?>) ((List<?>) json.get("Containers")).get(0);
        assertThat(container.get("RestartCount")).isEqualTo(2);
        assertThat(container.get("Ready")).isEqualTo(false);
        Map<?, ?> current = (Map<?, ?>) container.get("CurrentState");
        assertThat(current.get("State")).isEqualTo("Waiting");
        assertThat(current.get("Reason")).isEqualTo("CrashLoopBackOff");
        assertThat(current.get("Message")).isEqualTo("back-off 20s restarting failed container=main pod=g(eci-test)");
        Map<?, ?> previous = (Map<?, ?>) container.get("PreviousState");
        assertThat(previous.get("State")).isEqualTo("Terminated");
        assertThat(previous.get("ExitCode")).isEqualTo(3);
        assertThat(previous.get("Reason")).isEqualTo("Error");
        assertThat(previous.get("FinishTime")).isEqualTo("2026-01-01T00:00:12Z");
        assertThat(g.events())
                .filteredOn(e -> e.reason.equals("BackOff"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.count).isEqualTo(2);
                    assertThat(e.message).isEqualTo("Back-off restarting failed container main in pod g(eci-test)");
                });

        g.advance(T0.plusSeconds(32));
        Map<?, ?> restarted =
                (Map<?, ?>) ((List<?>) GroupJson.render(g, T0.plusSeconds(32)).get("Containers")).get(0);
        assertThat(((Map<?, ?>) restarted.get("CurrentState")).get("Reason")).isEqualTo("CrashLoopBackOff");
        assertThat(((Map<?, ?>) restarted.get("CurrentState")).get("Message"))
                .isEqualTo("back-off 40s restarting failed container=main pod=g(eci-test)");
        assertThat(restarted.get("RestartCount")).isEqualTo(3);
    }

    @Test
    void aContainerThatRanTenMinutesRestartsAtOnceAndItsBackOffStartsOver() {
        SimGroup g = group(request("Always", "sh", "-c", "sleep 600; exit 1"));
        SimContainer c = g.containers().get(0);
        for (int run = 1; run <= 3; run++) {
            g.advance(T0.plusSeconds(2 + 600L * run));
            assertThat(c.restartCount).isEqualTo(run);
            assertThat(c.running()).isTrue();
        }
        SimGroup shortRuns = group(request("Always", "sh", "-c", "sleep 599; exit 1"));
        shortRuns.advance(T0.plusSeconds(2 + 599 * 2));
        assertThat(shortRuns.containers().get(0).restartAt).isEqualTo(T0.plusSeconds(2 + 599 * 2 + 10));
    }

    @Test
    void theBackOffStopsGrowingAtFiveMinutes() {
        SimGroup g = group(request("Always", "false"));
        SimContainer c = g.containers().get(0);
        // restarts at 2, 2, 12, 32, 72, 152, 312, then every 300 s
        g.advance(T0.plusSeconds(312));
        assertThat(c.restartCount).isEqualTo(6);
        assertThat(c.restartAt).isEqualTo(T0.plusSeconds(612));
        g.advance(T0.plusSeconds(612));
        assertThat(c.restartAt).isEqualTo(T0.plusSeconds(912));
        assertThat(c.backOffMessage).startsWith("back-off 5m0s restarting failed container=main");
    }

    @Test
    void aCrashLoopingInitContainerKeepsTheGroupPending() {
        Map<String, String> p = request("Always", "sleep", "3600");
        p.put("InitContainer.1.Name", "migrate");
        p.put("InitContainer.1.Image", "busybox");
        p.put("InitContainer.1.Command.1", "false");
        SimGroup g = group(p);
        g.advance(T0.plusSeconds(5));
        assertThat(g.status()).isEqualTo("Pending");
        Map<?, ?> init =
                (Map<?, ?>) ((List<?>) GroupJson.render(g, T0.plusSeconds(5)).get("InitContainers")).get(0);
        assertThat(((Map<?, ?>) init.get("CurrentState")).get("Reason")).isEqualTo("CrashLoopBackOff");
        assertThat(((Map<?, ?>) init.get("CurrentState")).get("Message"))
                .isEqualTo("back-off 10s restarting failed container=migrate pod=g(eci-test)");
        assertThat(init.get("RestartCount")).isEqualTo(1);
        assertThat(g.containers().get(0).started()).isFalse();
    }

    @Test
    void anUpdatedContainerStartsAFreshBackOff() {
        SimGroup g = group(request("Always", "false"));
        g.advance(T0.plusSeconds(20));
        assertThat(g.containers().get(0).backOff.current()).isEqualTo(Duration.ofSeconds(20));
        g.update(FlatParams.tree(request("Always", "sh", "-c", "exit 4")), T0.plusSeconds(20));
        g.advance(T0.plusSeconds(22));
        SimContainer updated = g.containers().get(0);
        // the history carries over (started again at 22 s, crashed, restarted at once, crashed again) ...
        assertThat(updated.restartCount).isEqualTo(4);
        // ... but the back-off of the new spec starts over at 10 s instead of going on with 40 s
        assertThat(updated.backOff.current()).isEqualTo(Duration.ofSeconds(10));
        assertThat(updated.restartAt).isEqualTo(T0.plusSeconds(32));
    }

    @Test
    void aFailingPostStartHookKillsTheContainerAndAnUnknownOneDoesNot() {
        Map<String, String> failing = request("Never", "sleep", "3600");
        failing.put("Container.1.LifecyclePostStartHandlerExec.1", "sh");
        failing.put("Container.1.LifecyclePostStartHandlerExec.2", "-c");
        failing.put("Container.1.LifecyclePostStartHandlerExec.3", "exit 2");
        SimGroup g = group(failing);
        g.advance(T0.plusSeconds(3));
        assertThat(g.status()).isEqualTo("Failed");
        assertThat(g.containers().get(0).current.exitCode).isEqualTo(137);
        assertThat(g.events()).anySatisfy(e -> {
            assertThat(e.reason).isEqualTo("FailedPostStartHook");
            assertThat(e.message).contains("[sh -c exit 2]").contains("exited with 2");
        });

        Map<String, String> unknown = request("Never", "sleep", "3600");
        unknown.put("Container.1.LifecyclePostStartHandlerExec.1", "/docker-entrypoint.d/warm-cache.sh");
        SimGroup ok = group(unknown);
        ok.advance(T0.plusSeconds(3));
        assertThat(ok.status()).isEqualTo("Running");
        assertThat(ok.containers().get(0).running()).isTrue();
    }

    @Test
    void theDeadlineWinsOverLaterEvents() {
        Map<String, String> p = request("Always", "sleep", "3600");
        p.put("ActiveDeadlineSeconds", "10");
        SimGroup g = group(p);
        g.advance(T0.plusSeconds(100));
        assertThat(g.status()).isEqualTo("Failed");
        assertThat(g.failedTime()).isEqualTo(T0.plusSeconds(10));
        assertThat(g.containers().get(0).current.reason).isEqualTo("DeadlineExceeded");
    }

    @Test
    void aFailingLivenessProbeKillsTheContainer() {
        Map<String, String> p = request("Never", "sleep", "3600");
        p.put("Container.1.LivenessProbe.TcpSocket.Port", "8080");
        p.put("Container.1.LivenessProbe.PeriodSeconds", "5");
        p.put("Container.1.LivenessProbe.FailureThreshold", "2");
        SimGroup g = group(p);
        g.advance(T0.plusSeconds(60));
        assertThat(g.status()).isEqualTo("Failed");
        assertThat(g.containers().get(0).current.exitCode).isEqualTo(137);
        assertThat(g.containers().get(0).current.end).isEqualTo(T0.plusSeconds(12));
    }
}
