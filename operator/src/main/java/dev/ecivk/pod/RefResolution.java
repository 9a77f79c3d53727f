package dev.ecivk.pod;

import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.Warning;
import java.util.List;

/** What the apiserver had for a Pod's references, and what was missing. */
public record RefResolution(
        ResolvedRefs refs,
        List<MissingRef> missingMandatory,
        List<MissingRef> missingOptional,
        List<Warning> warnings) {

    public RefResolution {
        missingMandatory = List.copyOf(missingMandatory);
        missingOptional = List.copyOf(missingOptional);
        warnings = List.copyOf(warnings);
    }

    /** True when nothing mandatory is missing: the Pod can be created. */
    public boolean complete() {
        return missingMandatory.isEmpty();
    }
}
