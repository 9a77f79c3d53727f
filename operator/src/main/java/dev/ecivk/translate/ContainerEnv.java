package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's final environment: the ECI variables, the literal values (for {@code $(VAR)} expansion in command,
 * args and subPathExpr) and the names only ECI can resolve at run time (the Pod IP).
 */
record ContainerEnv(List<ContainerSpec.EnvVar> vars, Map<String, String> literals, Set<String> runtimeNames) {

    /** The expansion lookup: a literal, or null (left as written) for unknown and run-time names. */
    String lookup(String name) {
        return literals.get(name);
    }
}
