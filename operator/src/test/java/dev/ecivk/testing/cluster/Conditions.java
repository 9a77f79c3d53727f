package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** The {@code status.conditions} list of a stored object, by condition type. */
final class Conditions {
    private Conditions() {}

    static Optional<JsonNode> find(JsonNode object, String type) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (type.equals(c.path("type").asText())) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static String status(JsonNode object, String type) {
        return find(object, type).map(c -> c.path("status").asText()).orElse("");
    }

    /**
     * Sets a condition in place (added when missing), moving lastTransitionTime only when the status changes.
     *
     * @return true when something changed
     */
    static boolean set(ObjectNode object, String type, String status, String reason, String message, String now) {
        ArrayNode conditions = object.with("status").withArray("conditions");
        ObjectNode condition = null;
        for (JsonNode c : conditions) {
            if (type.equals(c.path("type").asText())) {
                condition = (ObjectNode) c;
            }
        }
        if (condition == null) {
            condition = conditions.addObject().put("type", type);
            condition.put("lastTransitionTime", now);
        } else if (status.equals(condition.path("status").asText())
                && reason.equals(condition.path("reason").asText())
                && message.equals(condition.path("message").asText())) {
            return false;
        } else if (!status.equals(condition.path("status").asText())) {
            condition.put("lastTransitionTime", now);
        }
        condition.put("status", status).put("reason", reason).put("message", message);
        return true;
    }
}
