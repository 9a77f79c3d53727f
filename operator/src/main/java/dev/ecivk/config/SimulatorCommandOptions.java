package dev.ecivk.config;

import picocli.CommandLine.Option;

/** Options of {@code ecivk simulator} alone (with {@code run}, {@code --provider} picks the embedded cloud). */
public final class SimulatorCommandOptions {

    @Option(
            names = "--cloud",
            defaultValue = "eci",
            converter = SimulatorCloud.Converter.class,
            completionCandidates = SimulatorCloud.Names.class,
            description = "Embedded cloud to serve: ${COMPLETION-CANDIDATES}. The --sim-* options apply to it; "
                    + "instances and servers reach their running state after --sim-start-delay.")
    private SimulatorCloud cloud;

    public SimulatorCloud cloud() {
        return cloud;
    }

    @Override
    public String toString() {
        return "SimulatorCommandOptions[cloud=" + cloud + "]";
    }
}
