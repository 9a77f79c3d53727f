package dev.ecivk;

import dev.ecivk.config.SimulatorOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ecivk simulator}: the embedded ECI alone. */
@Command(
        name = "simulator",
        mixinStandardHelpOptions = true,
        description = "Run the embedded ECI endpoint alone (for hand-signed requests and benchmarks).")
final class SimulatorCommand implements Callable<Integer> {

    @Mixin
    SimulatorOptions options;

    @Override
    public Integer call() throws Exception {
        throw new UnsupportedOperationException("the embedded ECI endpoint is not wired yet");
    }
}
