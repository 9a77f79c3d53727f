package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exec probes of ordinary images: a program or file the embedded ECI cannot know passes, as in a healthy image; a
 * command it models keeps its real result. The container mounts a config-file volume at {@code /etc/app}
 * (holding {@code app.conf}), the one directory the model knows completely.
 */
class ExecProbesTest {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    static SimGroup group(String probeKind, List<String> command) {
        Map<String, String> p = SimGroupLifecycleTest.request("Always", "sleep", "infinity");
        p.put("Volume.1.Name", "cfg");
        p.put("Volume.1.Type", "ConfigFileVolume");
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "app.conf");
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content", ExecShellTest.b64("port=6379\n"));
        p.put("Container.1.VolumeMount.1.Name", "cfg");
        p.put("Container.1.VolumeMount.1.MountPath", "/etc/app");
        p.put("Container.1.EnvironmentVar.1.Key", "CONF");
        p.put("Container.1.EnvironmentVar.1.Value", "/etc/app/app.conf");
        for (int i = 0; i < command.size(); i++) {
            p.put("Container.1." + probeKind + ".Exec.Command." + (i + 1), command.get(i));
        }
        return new SimGroup(
                "eci-probe",
                1,
                p,
                "zone-a",
                "vsw-a",
                "10.1.0.3",
                T0,
                Duration.ofSeconds(2),
                RestartBackOff.Policy.KUBELET);
    }

    static Stream<Arguments> probes() {
        return Stream.of(
                // the images' own tools: the model cannot run them, a healthy image answers yes
                Arguments.of(List.of("redis-cli", "ping"), true),
                Arguments.of(List.of("pg_isready", "-U", "app"), true),
                Arguments.of(List.of("sh", "-c", "mysqladmin ping"), true),
                Arguments.of(List.of("/bin/sh", "-c", "-e", "exec pg_isready -U app -h 127.0.0.1 -p 5432"), true),
                Arguments.of(List.of("sh", "-c", "redis-cli ping | grep PONG"), true),
                Arguments.of(List.of("sh", "-c", "[ \"$(redis-cli ping)\" = \"PONG\" ]"), true),
                Arguments.of(List.of("sh", "-c", "curl -fsS localhost:8080/healthz > /dev/null"), true),
                // files outside what the model mounted are the image's own
                Arguments.of(List.of("cat", "/tmp/healthy"), true),
                Arguments.of(List.of("test", "-f", "/var/run/app.pid"), true),
                // what the model knows keeps its real result
                Arguments.of(List.of("sh", "-c", "exit 1"), false),
                Arguments.of(List.of("sh", "-c", "exit 0"), true),
                Arguments.of(List.of("false"), false),
                Arguments.of(List.of("/bin/false"), false),
                Arguments.of(List.of("true"), true),
                Arguments.of(List.of("sh", "-ec", "redis-cli ping && false"), false),
                Arguments.of(List.of("sh", "-c", "mysqladmin ping || exit 1"), true),
                Arguments.of(List.of("cat", "/etc/app/app.conf"), true),
                Arguments.of(List.of("cat", "/etc/app/missing.conf"), false),
                Arguments.of(List.of("test", "-f", "/etc/app/missing.conf"), false),
                Arguments.of(List.of("sh", "-c", "[ -s $CONF ]"), true),
                Arguments.of(List.of("sh", "-c", "test -d /etc/app && test ! -e /etc/app/app.conf"), false),
                Arguments.of(List.of("sh", "-c", "cat /etc/app/missing.conf > /dev/null 2>&1"), false),
                Arguments.of(List.of("sh", "-c", "[ \"$MODE\" = prod ]"), false),
                // a probe must answer within its timeout (1 s by default)
                Arguments.of(List.of("sh", "-c", "sleep 0.5 && true"), true),
                Arguments.of(List.of("sh", "-c", "sleep 2 && true"), false),
                Arguments.of(List.of("sleep", "infinity"), false));
    }

    @ParameterizedTest(name = "{0} -> ready {1}")
    @MethodSource("probes")
    void readinessFollowsTheProbeRule(List<String> command, boolean ready) {
        SimGroup g = group("ReadinessProbe", command);
        g.advance(T0.plusSeconds(3));
        SimContainer c = g.containers().get(0);
        assertThat(c.running()).isTrue();
        assertThat(c.ready(T0.plusSeconds(3), Set.of())).isEqualTo(ready);
    }

    @Test
    void aLivenessProbeOfAnUnknownProgramKeepsTheContainerRunning() {
        SimGroup g = group("LivenessProbe", List.of("redis-cli", "ping"));
        g.advance(T0.plus(Duration.ofHours(1)));
        assertThat(g.containers().get(0).restartCount).isZero();
        assertThat(g.containers().get(0).running()).isTrue();
    }

    @Test
    void aLivenessProbeTheModelKnowsFailsRestartsTheContainer() {
        SimGroup g = group("LivenessProbe", List.of("cat", "/etc/app/missing.conf"));
        g.advance(T0.plusSeconds(2 + 30));
        SimContainer c = g.containers().get(0);
        assertThat(c.restartCount).isEqualTo(1);
        assertThat(c.previous.exitCode).isEqualTo(137);
    }

    @Test
    void anExecSessionStillAnswersAsAShellWould() {
        SimGroup g = group("ReadinessProbe", List.of("redis-cli", "ping"));
        ExecShell session = ExecShell.of(g, g.containers().get(0));
        ExecShell.Result unknown = session.run(List.of("redis-cli", "ping"));
        assertThat(unknown.status()).isEqualTo(127);
        assertThat(unknown.stderr()).isEqualTo("sh: redis-cli: not found\n");
        assertThat(session.run(List.of("cat", "/tmp/healthy")).status()).isEqualTo(1);
        assertThat(session.run(List.of("test", "-f", "/tmp/healthy")).status()).isEqualTo(1);
        assertThat(session.run(List.of("sh", "-c", "[ -f /etc/app/app.conf ] && echo yes"))
                        .stdout())
                .isEqualTo("yes\n");
        assertThat(session.run(List.of("test", "-x", "/etc/app/app.conf")).status())
                .isEqualTo(2);
    }

    @Test
    void theProbeShellRunsOncePerContainerNotPerLook() {
        Map<String, String> p = new TreeMap<>(SimGroupLifecycleTest.request("Always", "sleep", "infinity"));
        p.put("Container.1.ReadinessProbe.Exec.Command.1", "false");
        SimGroup g = new SimGroup(
                "eci-count", 1, p, "zone-a", "vsw-a", "10.1.0.4", T0, Duration.ZERO, RestartBackOff.Policy.KUBELET);
        int[] shells = {0};
        SimContainer c =
                new SimContainer(g.containers().get(0).spec, false, RestartBackOff.Policy.KUBELET, container -> {
                    shells[0]++;
                    return ExecShell.forProbes(g, container);
                });
        c.start(T0, Set.of());
        for (int i = 0; i < 5; i++) {
            assertThat(c.ready(T0.plusSeconds(i), Set.of())).isFalse();
        }
        assertThat(shells[0]).isEqualTo(1);
    }
}
