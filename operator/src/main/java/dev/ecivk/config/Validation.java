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

    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}" + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

    /** True for an IPv4 or IPv6 literal; never a DNS lookup. */
    static boolean ipLiteral(String value) {
        if (IPV4.matcher(value).matches()) {
            return true;
        }
        if (!value.contains(":") || !value.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        try {
            java.net.InetAddress.getByName(value); // a literal with ':' is parsed, never resolved
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
