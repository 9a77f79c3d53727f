package dev.ecivk.kubeletapi;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The exec stream protocols this node speaks, newest first, and the choice among those a client offers. */
final class ExecProtocols {
    /** v5 adds the stdin-close signal; v4 is what every kubectl since 1.5 can fall back to. */
    static final List<String> SUPPORTED = List.of(BackendExecSession.V5, BackendExecSession.V4);

    private ExecProtocols() {}

    /**
     * The first protocol the client offers (in its order of preference) that this server speaks.
     *
     * @param headerValues the values of the offering header, each possibly a comma-separated list
     */
    static Optional<String> negotiate(List<String> headerValues) {
        return headerValues.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(SUPPORTED::contains)
                .findFirst();
    }
}
