package dev.ecivk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.config.EnvDefaults;
import dev.ecivk.runtime.EmbeddedCloudSettings;
import dev.ecivk.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulatorCommandTest {

    @Test
    void optionsBecomeSimulatorSettings() {
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        cli.setDefaultValueProvider(new EnvDefaults(Map.of("ECIVK_SIM_REGION", "cn-beijing")));
        cli.parseArgs(
                "--sim-port",
                "0",
                "--sim-start-delay",
                "PT0.5S",
                "--sim-access-key-id",
                "me",
                "--sim-access-key-secret",
                "pw",
                "--sim-quota-scale",
                "10");
        SimulatorSettings s = EmbeddedCloudSettings.eci(command.options);
        assertThat(s.port()).isZero();
        assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(s.startDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.accessKeys()).containsExactly(Map.entry("me", "pw"));
        assertThat(s.region()).isEqualTo("cn-beijing");
        assertThat(s.quotaScale()).isEqualTo(10.0);
        assertThat(s.vSwitchZones()).containsEntry("vsw-sim-a", "cn-beijing-a");
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void cloudEcsTurnsTheSameOptionsIntoEmbeddedEcsSettings() {
        SimulatorCommand command = new SimulatorCommand();
        CommandLine cli = new CommandLine(command);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setDefaultValueProvider(new EnvDefaults(Map.of("ECIVK_CLOUD", "ECS")));
        cli.parseArgs("--sim-start-delay", "4s", "--sim-region", "cn-beijing", "--sim-access-key-secret", "pw");

        assertThat(command.command.cloud()).isEqualTo(dev.ecivk.config.SimulatorCloud.ECS);
        dev.ecivk.simulator.ecs.EcsSimulatorSettings s =
                EmbeddedCloudSettings.ecs(command.options).build();
        assertThat(s.region()).isEqualTo("cn-beijing");
        assertThat(s.pendingDelay().plus(s.startingDelay())).isEqualTo(Duration.ofSeconds(4));
        assertThat(s.forceStoppingDelay()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.zones()).containsExactly("cn-beijing-a", "cn-beijing-b");
        assertThat(s.accessKeys()).containsEntry("simulator", "pw");
        assertThat(s.toString()).doesNotContain("pw");
    }

    @Test
    void theDefaultCloudIsTheEmbeddedEci() {
        SimulatorCommand command = new SimulatorCommand();
        new CommandLine(command).parseArgs();

        assertThat(command.command.cloud()).isEqualTo(dev.ecivk.config.SimulatorCloud.ECI);
    }
}
