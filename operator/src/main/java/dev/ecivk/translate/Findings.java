package dev.ecivk.translate;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem and warning of one translation, so the user sees all of them at once. */
final class Findings {

    private final List<String> problems = new ArrayList<>();
    private final List<Warning> warnings = new ArrayList<>();

    void problem(String message) {
        if (!problems.contains(message)) {
            problems.add(message);
        }
    }

    void warn(WarningReason reason, String message) {
        Warning w = new Warning(reason.name(), message);
        if (!warnings.contains(w)) {
            warnings.add(w);
        }
    }

    List<String> problems() {
        return problems;
    }

    List<Warning> warnings() {
        return warnings;
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }
}
