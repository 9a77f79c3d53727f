package dev.ecivk.cli;

import dev.ecivk.config.SimulatorCommandOptions;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.runtime.EmbeddedCloudSettings;
import dev.ecivk.runtime.SimulatedVms;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecivk simulator}: an embedded cloud alone (the ECI by default, {@code --cloud ecs|huawei-ecs}). */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run an embedded cloud endpoint alone (for hand-signed requests, benchmarks and shared use).")
public final class SimulatorCommand implements Callable<Integer> {
    /** How often an embedded VM's agent retries registering; the gateway then says how often to report. */
    static final Duration AGENT_RETRY = Duration.ofSeconds(1);

    @Mixin
    SimulatorOptions options;

    @Mixin
    SimulatorCommandOptions command;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AutoCloseable simulator;
        String line;
        // the embedded VMs boot the agent their user data names, in this process, as the controller's own do
        SimulatedVms vms = new SimulatedVms();
        VmBootHook boot = vms.bootHook(AGENT_RETRY, Clock.systemUTC());
        switch (command.cloud()) {
            case ECS -> {
                EcsSimulator ecs = EcsSimulator.start(
                        EmbeddedCloudSettings.ecs(options).bootHook(boot).build());
                simulator = ecs;
                line = "embedded ECS listening on " + ecs.endpoint() + " (region " + options.region()
                        + ", AccessKey id " + options.accessKeyId() + ")";
            }
            case HUAWEI_ECS -> {
                HuaweiEcsSimulator huawei = HuaweiEcsSimulator.start(
                        EmbeddedCloudSettings.huawei(options).bootHook(boot).build());
                simulator = huawei;
                line = "embedded Huawei Cloud ECS listening on " + huawei.endpoint() + " (region " + options.region()
                        + ", project " + huawei.settings().projectId() + ", AK " + options.accessKeyId() + "; subnets "
                        + String.join(",", huawei.settings().subnets().keySet()) + ", security group "
                        + String.join(",", huawei.settings().securityGroups()) + ", image "
                        + String.join(",", huawei.settings().images()) + ", VPC "
                        + huawei.settings().vpcId() + ")";
            }
            default -> {
                EciSimulator eci = EciSimulator.start(EmbeddedCloudSettings.eci(options));
                simulator = eci;
                line = "embedded ECI listening on " + eci.endpoint() + " (region " + options.region()
                        + ", AccessKey id " + options.accessKeyId() + ")";
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                simulator.close();
                            } catch (Exception e) {
                                // stopping anyway
                            }
                            vms.close();
                            stopped.countDown();
                        },
                        "sim-shutdown"));
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
        stopped.await();
        return 0;
    }
}
