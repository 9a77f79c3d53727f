package dev.ecivk.config;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The options of {@code ecivk run} read from arguments alone (the environment is not consulted), for a program that
 * embeds the controller: the same declarations, defaults and validation as the command line.
 */
public final class RunOptions {
    private RunOptions() {}

    @Command(name = "run")
    private static final class Arguments {
        @Mixin
        private OperatorConfig config;
    }

    /** Parses and validates {@code ecivk run} options, e.g. {@code --node-name vk-1 --metrics-port 0}. */
    public static OperatorConfig parse(String... args) {
        Arguments arguments = new Arguments();
        CommandLine cli = new CommandLine(arguments);
        cli.setDefaultValueProvider(new EnvDefaults(Map.of()));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.parseArgs(args);
        return arguments.config.validate();
    }
}
