package dev.ecivk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.config.EnvDefaults;
import dev.ecivk.config.SimulatorCloud;
import dev.ecivk.runtime.EmbeddedCloudSettings;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ecivk simulator --cloud huawei-ecs} takes the shared --sim-* options. */
class HuaweiSimulatorCommandTest {

    private static SimulatorCommand parse(Map<String, String> env, String... args) {
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvDefaults(env));
        cli.parseArgs(args);
        return command;
    }

    @Test
    void theSharedOptionsBecomeHuaweiSettingsWithTheStartDelayAsTheTimeToActive() {
        SimulatorCommand command = parse(
                Map.of("ECIVK_CLOUD", "huawei-ecs"),
                "--sim-port",
                "0",
                "--sim-region",
                "cn-north-4",
                "--sim-start-delay",
                "5s",
                "--sim-access-key-id",
                "ak",
                "--sim-access-key-secret",
                "sk");
        assertThat(command.command.cloud()).isEqualTo(SimulatorCloud.HUAWEI_ECS);
        HuaweiSimSettings s = EmbeddedCloudSettings.huawei(command.options).build();
        assertThat(s.port()).isZero();
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.accessKeys()).containsExactly(Map.entry("ak", "sk"));
        assertThat(s.zones()).containsExactly("cn-north-4a", "cn-north-4b", "cn-north-4c");
        assertThat(s.scheduleDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.scheduleDelay().plus(s.buildTime())).isEqualTo(Duration.ofSeconds(5));
        assertThat(s.toString()).doesNotContain("sk]").doesNotContain("=sk");

        HuaweiSimSettings quick = EmbeddedCloudSettings.huawei(parse(Map.of(), "--sim-start-delay", "500ms").options)
                .build();
        assertThat(quick.scheduleDelay()).isEqualTo(Duration.ofMillis(250));
        assertThat(quick.buildTime()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void theEciStaysTheDefaultAndAnUnknownCloudIsRefused() {
        assertThat(parse(Map.of()).command.cloud()).isEqualTo(SimulatorCloud.ECI);
        assertThatThrownBy(() -> parse(Map.of(), "--cloud", "aws"))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("eci, ecs, huawei-ecs");
    }
}
