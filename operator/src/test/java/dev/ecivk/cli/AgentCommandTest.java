package dev.ecivk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ecivk agent}'s command line: the container runtime it names, and what it refuses before any network use. */
class AgentCommandTest {
    @TempDir
    Path dir;

    record Result(int code, String err) {}

    static Result run(String... args) {
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        cli.setOut(new PrintWriter(new StringWriter()));
        return new Result(cli.execute(args), err.toString());
    }

    @Test
    void anUnknownRuntimeIsAUsageErrorNamingTheOption() {
        Result r = run("agent", "--runtime", "podman", "--advertise-address", "10.0.0.9");
        assertThat(r.code()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(r.err()).contains("--runtime podman").contains("docker");
    }

    @Test
    void theDockerRuntimeIsTheDefaultAndBadUserDataStopsTheAgentBeforeItServes() throws Exception {
        AgentCommand command = new AgentCommand();
        new CommandLine(command).parseArgs("--advertise-address", "10.0.0.9");
        assertThat(command.runtime).isEqualTo("docker");
        assertThat(command.dockerHost).isEqualTo("unix:///var/run/docker.sock");
        assertThat(command.podsDir).isEqualTo(Path.of("/var/lib/ecivk/pods"));

        Path userData = Files.writeString(dir.resolve("user-data"), "#!/bin/sh\necho not ours\n");
        Result r = run("agent", "--user-data-file", userData.toString(), "--advertise-address", "10.0.0.9");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err())
                .isEqualTo("ecivk agent: cannot start: the user data has no ECIVK_AGENT_GATEWAY='…' line"
                        + System.lineSeparator());
    }
}
