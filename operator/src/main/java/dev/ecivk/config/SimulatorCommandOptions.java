package dev.ecivk.config;

import picocli.CommandLine.Option;

/** Options of {@code ecivk simulator} alone (with {@code run}, {@code --provider} picks the embedded cloud). */
public final class SimulatorCommandOptions {

    @Option(
            names = "--cloud",
            defaultValue = "eci",
            description = "Embedded cloud to serve: ${COMPLETION-CANDIDATES}. The --sim-* options apply to it.")
    private SimulatorCloud cloud;

    public SimulatorCloud cloud() {
        return cloud;
    }

    @Override
    public String toString() {
        return "SimulatorCommandOptions[cloud=" + cloud + "]";
    }
}
