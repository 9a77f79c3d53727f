package dev.ecivk.config;

import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

final class Validation {
    private Validation() {}

    static ParameterException bad(CommandSpec spec, String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }

    static void port(CommandSpec spec, String option, int port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw bad(spec, option, port + " is not a port number (" + (zeroAllowed ? 0 : 1) + "-65535)");
        }
    }

    static void positive(CommandSpec spec, String option, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw bad(spec, option, "must be positive");
        }
    }

    static void nonNegative(CommandSpec spec, String option, Duration d) {
        if (d.isNegative()) {
            throw bad(spec, option, "must not be negative");
        }
    }
}
