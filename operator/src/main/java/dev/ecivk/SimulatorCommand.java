package dev.ecivk;

import dev.ecivk.config.SimulatorCloud;
import dev.ecivk.config.SimulatorCommandOptions;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecivk simulator}: an embedded cloud alone (the ECI by default, {@code --cloud ecs} for ECS). */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run an embedded cloud endpoint alone (for hand-signed requests and benchmarks).")
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
        String endpoint;
        String name;
        if (command.cloud() == SimulatorCloud.ecs) {
            EcsSimulator ecs = EcsSimulator.start(ecsSettings(options));
            simulator = ecs;
            endpoint = ecs.endpoint();
            name = "ECS";
        } else {
            EciSimulator eci = EciSimulator.start(settings(options));
            simulator = eci;
            endpoint = eci.endpoint();
            name = "ECI";
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
        spec.commandLine()
                .getOut()
                .println("embedded " + name + " listening on " + endpoint + " (region " + options.region()
                        + ", AccessKey id " + options.accessKeyId() + ")");
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
}
