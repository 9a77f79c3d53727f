package dev.ecivk;

import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecivk simulator}: the embedded ECI alone. */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run the embedded ECI endpoint alone (for hand-signed requests and benchmarks).")
final class SimulatorCommand implements Callable<Integer> {

    @Mixin
    SimulatorOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        EciSimulator simulator = EciSimulator.start(settings(options));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            simulator.close();
                            stopped.countDown();
                        },
                        "eci-sim-shutdown"));
        spec.commandLine()
                .getOut()
                .println("embedded ECI listening on " + simulator.endpoint() + " (region " + options.region()
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
                .maxCpu(options.maxCpu())
                .build();
    }
}
