package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/** The NodeAffinity filter: {@code nodeSelector} and the required node affinity's terms (ORed, expressions ANDed). */
final class NodeAffinity {
    private NodeAffinity() {}

    static boolean matches(JsonNode spec, SchedulingPredicates.NodeView node) {
        var selector = spec.path("nodeSelector").fields();
        while (selector.hasNext()) {
            var e = selector.next();
            if (!e.getValue().asText().equals(node.labels().path(e.getKey()).asText(null))) {
                return false;
            }
        }
        JsonNode terms = spec.path("affinity")
                .path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution")
                .path("nodeSelectorTerms");
        if (!terms.isArray() || terms.isEmpty()) {
            return true;
        }
        for (JsonNode term : terms) {
            if (termMatches(term, node)) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(JsonNode term, SchedulingPredicates.NodeView node) {
        if (term.path("matchExpressions").isEmpty() && term.path("matchFields").isEmpty()) {
            return false; // an empty term matches no node
        }
        for (JsonNode e : term.path("matchExpressions")) {
            JsonNode label = node.labels().path(e.path("key").asText());
            if (!requirement(e, label.isMissingNode() ? null : label.asText())) {
                return false;
            }
        }
        for (JsonNode e : term.path("matchFields")) {
            String field = e.path("key").asText().equals("metadata.name") ? node.name() : null;
            if (!requirement(e, field)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirement(JsonNode expression, String actual) {
        String operator = expression.path("operator").asText();
        JsonNode values = expression.path("values");
        return switch (operator) {
            case "In" -> actual != null && contains(values, actual);
            case "NotIn" -> actual == null || !contains(values, actual);
            case "Exists" -> actual != null;
            case "DoesNotExist" -> actual == null;
            case "Gt" ->
                actual != null && number(actual) > number(values.path(0).asText());
            case "Lt" ->
                actual != null && number(actual) < number(values.path(0).asText());
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static long number(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
