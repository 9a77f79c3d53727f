package dev.ecivk;

import dev.ecivk.config.SimulatedCloud;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecivk simulator}: an embedded cloud alone (the ECI by default, or {@code --sim-cloud huawei-ecs}). */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run an embedded cloud endpoint alone (for hand-signed requests, benchmarks and shared use).")
final class SimulatorCommand implements Callable<Integer> {

    @Mixin
    SimulatorOptions options;

    @Mixin
    SimulatedCloud.Choice cloud;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        AutoCloseable simulator;
        if (cloud.cloud() == SimulatedCloud.HUAWEI_ECS) {
            HuaweiEcsSimulator huawei = HuaweiEcsSimulator.start(huaweiSettings(options));
            simulator = huawei;
            spec.commandLine()
                    .getOut()
                    .println("embedded Huawei Cloud ECS listening on " + huawei.endpoint() + " (region "
                            + options.region() + ", project "
                            + huawei.settings().projectId() + ", AK "
                            + options.accessKeyId() + ")");
        } else {
            EciSimulator eci = EciSimulator.start(settings(options));
            simulator = eci;
            spec.commandLine()
                    .getOut()
                    .println("embedded ECI listening on " + eci.endpoint() + " (region " + options.region()
                            + ", AccessKey id " + options.accessKeyId() + ")");
        }
        spec.commandLine().getOut().flush();
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
        stopped.await();
        return 0;
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
}
