package dev.ecivk.cli;

import dev.ecivk.config.SimulatorCommandOptions;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.runtime.SimulatedVms;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
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
                EcsSimulator ecs =
                        EcsSimulator.start(ecsBuilder(options).bootHook(boot).build());
                simulator = ecs;
                line = "embedded ECS listening on " + ecs.endpoint() + " (region " + options.region()
                        + ", AccessKey id " + options.accessKeyId() + ")";
            }
            case HUAWEI_ECS -> {
                HuaweiEcsSimulator huawei = HuaweiEcsSimulator.start(
                        huaweiBuilder(options).bootHook(boot).build());
                simulator = huawei;
                line = "embedded Huawei Cloud ECS listening on " + huawei.endpoint() + " (region " + options.region()
                        + ", project " + huawei.settings().projectId() + ", AK " + options.accessKeyId() + "; subnets "
                        + String.join(",", huawei.settings().subnets().keySet()) + ", security group "
                        + String.join(",", huawei.settings().securityGroups()) + ", image "
                        + String.join(",", huawei.settings().images()) + ", VPC "
                        + huawei.settings().vpcId() + ")";
            }
            default -> {
                EciSimulator eci = EciSimulator.start(settings(options));
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

    /** The simulator settings of the command-line options (the simulator itself knows nothing of picocli). */
    static SimulatorSettings settings(SimulatorOptions options) {
        return SimulatorSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .startDelay(options.startDelay())
                .quotaScale(options.quotaScale())
                .maxCpu(options.maxCpu())
                .build();
    }

    /**
     * The embedded ECS settings of the command-line options: {@code --sim-start-delay} is an instance's whole way to
     * {@code Running}, half in {@code Pending} and half in {@code Starting}; a graceful stop takes half of it, a
     * forced one a quarter.
     */
    static EcsSimulatorSettings ecsSettings(SimulatorOptions options) {
        return ecsBuilder(options).build();
    }

    /** {@link #ecsSettings}, still open for the network resources and the boot hook. */
    public static EcsSimulatorSettings.Builder ecsBuilder(SimulatorOptions options) {
        Duration half = options.startDelay().dividedBy(2);
        return EcsSimulatorSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .pendingDelay(half)
                .startingDelay(half)
                .stoppingDelay(half)
                .forceStoppingDelay(options.startDelay().dividedBy(4))
                .quotaScale(options.quotaScale());
    }

    /**
     * The embedded Huawei ECS settings of the command-line options: a server is placed after a second (at most half
     * the start delay) and becomes ACTIVE after {@code --sim-start-delay} in all.
     */
    static HuaweiSimSettings huaweiSettings(SimulatorOptions options) {
        return huaweiBuilder(options).build();
    }

    /** {@link #huaweiSettings}, still open for the network resources and the boot hook. */
    public static HuaweiSimSettings.Builder huaweiBuilder(SimulatorOptions options) {
        Duration total = options.startDelay();
        Duration schedule =
                total.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? total.dividedBy(2) : Duration.ofSeconds(1);
        return HuaweiSimSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .scheduleDelay(schedule)
                .buildTime(total.minus(schedule));
    }
}
