package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exec options under both names: the apiserver's toward a kubelet and a direct client's. */
class ExecRequestTest {

    @Test
    void readsTheApiserversAndDirectClientsExecOptionNames() {
        ExecRequest apiserver = ExecRequest.parse(Map.of(
                "command",
                List.of("sh", "-c", "echo hi"),
                "input",
                List.of("1"),
                "output",
                List.of("1"),
                "tty",
                List.of("1")));
        assertThat(apiserver).isEqualTo(new ExecRequest(List.of("sh", "-c", "echo hi"), true, true, false, true));
        ExecRequest direct = ExecRequest.parse(
                Map.of("command", List.of("ls"), "stdout", List.of("true"), "stderr", List.of("true")));
        assertThat(direct.expectsStderrStream()).isTrue();
    }

    @Test
    void aTtyMergesStderrIntoStdout() {
        ExecRequest tty =
                ExecRequest.parse(Map.of("command", List.of("sh"), "stderr", List.of("1"), "tty", List.of("true")));
        assertThat(tty.stderr()).isTrue();
        assertThat(tty.expectsStderrStream()).isFalse();
    }

    @Test
    void refusesRequestsWithoutACommandOrWithoutAnyStream() {
        assertThatThrownBy(() -> ExecRequest.parse(Map.of("stdout", List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one command");
        assertThatThrownBy(() -> ExecRequest.parse(Map.of("command", List.of("ls"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stdin, stdout, stderr");
        assertThatThrownBy(() -> ExecRequest.parse(Map.of("command", List.of("ls"), "stdout", List.of("0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
