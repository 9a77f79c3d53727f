package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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
                Duration.ofSeconds(10));
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
    void onFailureRestartsAfterTheBackoffAndCountsRestarts() {
        SimGroup g = group(request("OnFailure", "sh", "-c", "sleep 1; exit 2"));
        g.advance(T0.plusSeconds(3));
        SimContainer c = g.containers().get(0);
        assertThat(c.running()).isFalse();
        assertThat(c.restartAt).isEqualTo(T0.plusSeconds(13));
        g.advance(T0.plusSeconds(13));
        assertThat(c.restartCount).isEqualTo(1);
        assertThat(c.previous.exitCode).isEqualTo(2);
        assertThat(g.status()).isEqualTo("Running");
        assertThat(g.events()).anySatisfy(e -> {
            assertThat(e.reason).isEqualTo("BackOff");
        });
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
