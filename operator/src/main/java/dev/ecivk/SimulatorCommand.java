package dev.ecivk;

import dev.ecivk.config.SimulatorCommandOptions;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
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
final class SimulatorCommand implements Callable<Integer> {

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
        switch (command.cloud()) {
            case ECS -> {
                EcsSimulator ecs = EcsSimulator.start(ecsSettings(options));
                simulator = ecs;
                line = "embedded ECS listening on " + ecs.endpoint() + " (region " + options.region()
                        + ", AccessKey id " + options.accessKeyId() + ")";
            }
            case HUAWEI_ECS -> {
                HuaweiEcsSimulator huawei = HuaweiEcsSimulator.start(huaweiSettings(options));
                simulator = huawei;
                line = "embedded Huawei Cloud ECS listening on " + huawei.endpoint() + " (region " + options.region()
                        + ", project " + huawei.settings().projectId() + ", AK " + options.accessKeyId() + ")";
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
                .quotaScale(options.quotaScale())
                .build();
    }

    /**
     * The embedded Huawei ECS settings of the command-line options: a server is placed after a second (at most half
     * the start delay) and becomes ACTIVE after {@code --sim-start-delay} in all.
     */
    static HuaweiSimSettings huaweiSettings(SimulatorOptions options) {
        Duration total = options.startDelay();
        Duration schedule =
                total.dividedBy(2).compareTo(Duration.ofSeconds(1)) < 0 ? total.dividedBy(2) : Duration.ofSeconds(1);
        return HuaweiSimSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(options.region())
                .scheduleDelay(schedule)
                .buildTime(total.minus(schedule))
                .build();
    }
}
