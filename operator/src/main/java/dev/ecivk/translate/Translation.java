package dev.ecivk.translate;

import dev.ecivk.provider.model.ContainerGroupSpec;
import java.util.List;

/**
 * The result of translating one Pod: a spec when {@code problems} is empty, otherwise no spec and every problem
 * found (not just the first), each a sentence naming the container, volume or field.
 */
public record Translation(ContainerGroupSpec spec, List<String> problems, List<Warning> warnings) {

    public Translation {
        problems = problems == null ? List.of() : List.copyOf(problems);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        if (!problems.isEmpty()) {
            spec = null;
        }
    }

    /** True when the Pod can be created: there is a spec and no problem. */
    public boolean ok() {
        return problems.isEmpty() && spec != null;
    }
}
