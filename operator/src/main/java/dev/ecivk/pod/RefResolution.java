package dev.ecivk.pod;

import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.Warning;
import java.util.List;

/**
 * What {@link RefResolver} found for one Pod. When a mandatory reference is missing no container group may be
 * created: emit the Events and retry once the object appears. Missing optional references only deserve an Event.
 */
public record RefResolution(
        ResolvedRefs refs,
        List<MissingRef> missingMandatory,
        List<MissingRef> missingOptional,
        List<Warning> warnings) {

    public RefResolution {
        missingMandatory = missingMandatory == null ? List.of() : List.copyOf(missingMandatory);
        missingOptional = missingOptional == null ? List.of() : List.copyOf(missingOptional);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** True when every mandatory reference was resolved. */
    public boolean complete() {
        return missingMandatory.isEmpty();
    }
}
