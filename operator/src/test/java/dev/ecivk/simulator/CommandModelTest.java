package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandModelTest {

    @Test
    void simpleCommands() {
        assertThat(CommandModel.of(List.of("sleep"), List.of("5")))
                .isEqualTo(new CommandModel.Behaviour(Duration.ofSeconds(5), 0, List.of()));
        assertThat(CommandModel.of(List.of("/bin/false"), List.of()).exitCode()).isEqualTo(1);
        assertThat(CommandModel.of(List.of("true"), List.of()).runtime()).isEqualTo(Duration.ZERO);
        assertThat(CommandModel.of(List.of("echo", "hello"), List.of("world")).lines())
                .containsExactly(new CommandModel.TimedLine(Duration.ZERO, "hello world"));
        assertThat(CommandModel.of(List.of("nginx", "-g", "daemon off;"), List.of())
                        .finite())
                .isFalse();
        assertThat(CommandModel.of(List.of(), List.of()).finite()).isFalse();
        assertThat(CommandModel.of(List.of("sleep", "infinity"), List.of()).finite())
                .isFalse();
    }

    @Test
    void shellScripts() {
        CommandModel.Behaviour b = CommandModel.of(
                List.of("/bin/sh", "-c"), List.of("echo 'a; b'; sleep 1.5; echo c && exit 7; echo never"));
        assertThat(b.runtime()).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.exitCode()).isEqualTo(7);
        assertThat(b.lines())
                .containsExactly(
                        new CommandModel.TimedLine(Duration.ZERO, "a; b"),
                        new CommandModel.TimedLine(Duration.ofMillis(1500), "c"));
        assertThat(CommandModel.script("false && echo no || echo yes").lines())
                .extracting(CommandModel.TimedLine::text)
                .containsExactly("yes");
        assertThat(CommandModel.script("false").exitCode()).isEqualTo(1);
        CommandModel.Behaviour forever = CommandModel.script("echo start; while true; do sleep 1; done");
        assertThat(forever.finite()).isFalse();
        assertThat(forever.lines()).extracting(CommandModel.TimedLine::text).containsExactly("start");
    }

    @Test
    void aTrapIsRememberedAndTheScriptGoesOn() {
        CommandModel.Behaviour b = CommandModel.script("trap 'echo bye; exit 0' TERM; echo up; sleep 5");
        assertThat(b)
                .isEqualTo(new CommandModel.Behaviour(
                        Duration.ofSeconds(5),
                        0,
                        List.of(new CommandModel.TimedLine(Duration.ZERO, "up")),
                        "echo bye; exit 0"));
        assertThat(CommandModel.script("trap 'exit 0' TERM; exec sleep 5").onTerm())
                .as("exec replaces the shell and its handler")
                .isNull();
        assertThat(CommandModel.script("trap '' TERM; exec sleep 5").onTerm())
                .as("an ignored signal stays ignored across exec")
                .isEmpty();
        assertThat(CommandModel.handler("echo bye; exit 4"))
                .isEqualTo(new CommandModel.Handler(
                        new CommandModel.Behaviour(
                                Duration.ZERO, 4, List.of(new CommandModel.TimedLine(Duration.ZERO, "bye"))),
                        true));
        assertThat(CommandModel.handler("echo bye").exits()).isFalse();
    }

    @Test
    void shellOptionsBeforeTheScript() {
        assertThat(CommandModel.shellScript(List.of("sh", "-c", "exit 1"))).isEqualTo("exit 1");
        assertThat(CommandModel.shellScript(List.of("/bin/sh", "-ec", "exit 1")))
                .isEqualTo("exit 1");
        assertThat(CommandModel.shellScript(List.of("/bin/sh", "-c", "-e", "exit 1")))
                .isEqualTo("exit 1");
        assertThat(CommandModel.shellScript(List.of("bash", "-o", "pipefail", "-c", "exit 1")))
                .isEqualTo("exit 1");
        assertThat(CommandModel.shellScript(List.of("sh", "/entrypoint.sh"))).isNull();
        assertThat(CommandModel.shellScript(List.of("sh"))).isNull();
        assertThat(CommandModel.shellScript(List.of("redis-cli", "-c", "ping"))).isNull();
        assertThat(CommandModel.of(List.of("/bin/sh", "-c", "-e"), List.of("sleep 2; exit 5")))
                .isEqualTo(new CommandModel.Behaviour(Duration.ofSeconds(2), 5, List.of()));
    }

    @Test
    void execReplacesTheShell() {
        assertThat(CommandModel.script("echo go; exec /bin/sleep 3; echo never"))
                .isEqualTo(new CommandModel.Behaviour(
                        Duration.ofSeconds(3), 0, List.of(new CommandModel.TimedLine(Duration.ZERO, "go"))));
        assertThat(CommandModel.script("exec redis-server --appendonly yes").finite())
                .isFalse();
    }
}
