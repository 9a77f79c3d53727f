package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcessModelTest {

    static ProcessModel.Plan action(List<String> argv) {
        return ProcessModel.action(
                argv,
                new ProcessModel.ContainerView(
                        Map.of("MODE", "ready"),
                        "web-0",
                        Map.of("/etc/app/ready", new byte[] {'1'}),
                        Set.of("/etc/app")));
    }

    @Test
    void probeCommandsTheModelDoesNotKnowPassAtOnce() {
        assertThat(action(List.of("redis-cli", "ping"))).isEqualTo(new ProcessModel.Plan(Duration.ZERO, 0, List.of()));
        assertThat(action(List.of("pg_isready", "-U", "app")).exitCode()).isZero();
        assertThat(action(List.of("sh", "-c", "mysqladmin ping")).exitCode()).isZero();
        assertThat(action(List.of("cat", "/tmp/healthy")).exitCode()).isZero();
    }

    @Test
    void modelledProbeCommandsKeepTheirResultAndDuration() {
        assertThat(action(List.of("sh", "-c", "exit 1")).exitCode()).isEqualTo(1);
        assertThat(action(List.of("false")).exitCode()).isEqualTo(1);
        assertThat(action(List.of("sleep", "5")).runtime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(action(List.of("sleep", "infinity")).finite()).isFalse();
        assertThat(action(List.of("sh", "-c", "curl -f localhost || exit 3")).exitCode())
                .as("the unknown curl succeeds, so the || branch does not run")
                .isZero();
    }

    @Test
    void probesSeeTheContainersFilesAndEnvironmentByTheEmbeddedEcisRule() {
        assertThat(action(List.of("test", "-f", "/etc/app/ready")).exitCode()).isZero();
        assertThat(action(List.of("test", "-f", "/etc/app/missing")).exitCode())
                .as("a file of a directory the model mounted is known to be absent")
                .isEqualTo(1);
        assertThat(action(List.of("sh", "-c", "[ \"$MODE\" = ready ] && sleep 2")))
                .isEqualTo(new ProcessModel.Plan(Duration.ofSeconds(2), 0, List.of()));
        assertThat(action(List.of("sh", "-c", "[ \"$MODE\" = broken ] && sleep 2"))
                        .exitCode())
                .isEqualTo(1);
    }

    @Test
    void withoutAHandlerPidOneIgnoresSigtermUnlessItIsARealServer() {
        ProcessModel.Plan exits = new ProcessModel.Plan(Duration.ZERO, 143, List.of());
        ProcessModel.Plan runsOn = new ProcessModel.Plan(null, 0, List.of());
        assertThat(ProcessModel.sigterm(List.of(), List.of())).isEqualTo(exits);
        assertThat(ProcessModel.sigterm(List.of("nginx", "-g", "daemon off;"), List.of()))
                .isEqualTo(exits);
        assertThat(ProcessModel.sigterm(List.of("sleep"), List.of("3600"))).isEqualTo(runsOn);
        assertThat(ProcessModel.sigterm(List.of("sh", "-c", "while true; do sleep 1; done"), List.of()))
                .isEqualTo(runsOn);
    }

    @Test
    void aTrappedSigtermRunsTheHandlerWhichEndsTheProcessIfItExits() {
        assertThat(ProcessModel.sigterm(
                        List.of("sh", "-c"),
                        List.of("trap 'echo draining; sleep 2; echo bye; exit 3' TERM; echo up; sleep 3600")))
                .isEqualTo(new ProcessModel.Plan(
                        Duration.ofSeconds(2),
                        3,
                        List.of(
                                new ProcessModel.LogLine(Duration.ZERO, "draining"),
                                new ProcessModel.LogLine(Duration.ofSeconds(2), "bye"))));
        assertThat(ProcessModel.sigterm(
                        List.of("sh", "-c", "trap \"echo got it\" SIGTERM; while true; do sleep 1; done"), List.of()))
                .as("a handler without exit lets the loop carry on")
                .isEqualTo(new ProcessModel.Plan(null, 0, List.of(new ProcessModel.LogLine(Duration.ZERO, "got it"))));
        assertThat(ProcessModel.sigterm(List.of("sh", "-c", "trap '' TERM; sleep 3600"), List.of()))
                .as("ignored")
                .isEqualTo(new ProcessModel.Plan(null, 0, List.of()));
        assertThat(ProcessModel.sigterm(List.of("sh", "-c", "trap 'exit 1' INT; sleep 3600"), List.of())
                        .finite())
                .as("a handler of another signal")
                .isFalse();
        assertThat(ProcessModel.sigterm(List.of("sh", "-c", "trap 'exit 1' TERM; trap - TERM; sleep 3600"), List.of())
                        .finite())
                .as("restored to the default")
                .isFalse();
    }

    @Test
    void aHookWritesIntoTheContainersLogThroughTheMainProcesssOutput() {
        assertThat(action(List.of(
                        "sh", "-c", "echo draining > /proc/1/fd/1; sleep 1; echo done >/proc/1/fd/1; echo private")))
                .isEqualTo(new ProcessModel.Plan(
                        Duration.ofSeconds(1),
                        0,
                        List.of(
                                new ProcessModel.LogLine(Duration.ZERO, "draining"),
                                new ProcessModel.LogLine(Duration.ofSeconds(1), "done"))));
        assertThat(action(List.of("sh", "-c", "cat /etc/app/missing 2> /proc/1/fd/2")))
                .isEqualTo(new ProcessModel.Plan(
                        Duration.ZERO,
                        1,
                        List.of(new ProcessModel.LogLine(
                                Duration.ZERO, "cat: /etc/app/missing: No such file or directory"))));
        assertThat(action(List.of("sh", "-c", "echo quiet > /dev/null")).lines())
                .isEmpty();
    }

    @Test
    void aShellSessionRunsOneCommandOrAnInteractiveShell() {
        List<String> out = new ArrayList<>();
        int[] exit = {-1};
        ShellSession.Output sink = new ShellSession.Output() {
            @Override
            public void write(int channel, String text) {
                out.add(channel + ":" + text);
            }

            @Override
            public void exit(int status) {
                exit[0] = status;
            }
        };
        ShellSession once = ProcessModel.shell(
                List.of("printenv", "A"),
                false,
                false,
                new ProcessModel.ContainerView(Map.of("A", "1"), "h", Map.of(), Set.of()),
                sink);
        once.begin();
        assertThat(out).containsExactly("1:1\n");
        assertThat(exit[0]).isZero();
        assertThat(once.done()).isTrue();

        out.clear();
        ShellSession shell = ProcessModel.shell(
                List.of("sh"), false, true, new ProcessModel.ContainerView(Map.of(), "h", Map.of(), Set.of()), sink);
        shell.begin();
        shell.input("nope\n");
        assertThat(out).containsExactly("2:sh: nope: not found\n");
        shell.endOfInput();
        assertThat(exit[0]).isZero();
        assertThat(shell.done()).isTrue();
    }
}
