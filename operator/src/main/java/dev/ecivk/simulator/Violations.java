package dev.ecivk.simulator;

import dev.ecivk.simulator.EciValidation.Violation;
import java.util.List;

/** The violations request checks report, with ECI's codes and message templates. */
final class Violations {
    private Violations() {}

    static void positive(FlatParams.Node node, String key, List<Violation> out) {
        Double v = node.number(key);
        if (v != null && v <= 0) {
            out.add(invalid(node.name(key), "must be greater than 0"));
        }
    }

    static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    static Violation missing(String name) {
        return new Violation(
                "MissingParameter",
                "The input parameter \"" + name + "\" that is mandatory for processing this request is not supplied.");
    }

    static Violation invalid(String name, String why) {
        return new Violation("InvalidParameter", "The specified parameter \"" + name + "\" is not valid: " + why);
    }

    static Violation lengthExceeded(String name, int max) {
        return new Violation(
                "InvalidParameter.LengthExceeded", "The list \"" + name + "\" has more than " + max + " items.");
    }

    static Violation valueExceeded(String name, String why) {
        return new Violation("InvalidParameter.ValueExceeded", "The parameter \"" + name + "\" " + why + ".");
    }
}
