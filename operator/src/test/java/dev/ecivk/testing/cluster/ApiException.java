package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A failed request, answered as the apiserver does: a {@code Status} with its code, reason and message. */
final class ApiException extends RuntimeException {
    private final int code;
    private final String reason;
    private final ResourceType type;
    private final String name;

    ApiException(int code, String reason, String message, ResourceType type, String name) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.type = type;
        this.name = name;
    }

    static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedName() + " \"" + name + "\" not found", type, name);
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "NotFound", message, null, null);
    }

    static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(
                409, "AlreadyExists", type.qualifiedName() + " \"" + name + "\" already exists", type, name);
    }

    /** The optimistic-concurrency failure of a write based on a stale resourceVersion. */
    static ApiException modified(ResourceType type, String name) {
        return conflict(
                type,
                name,
                "the object has been modified; please apply your changes to the latest version and try again");
    }

    static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(
                409,
                "Conflict",
                "Operation cannot be fulfilled on " + type.qualifiedName() + " \"" + name + "\": " + why,
                type,
                name);
    }

    static ApiException uidPrecondition(ResourceType type, String name, String expected, String actual) {
        return conflict(
                type,
                name,
                "Precondition failed: UID in precondition: " + expected + ", UID in object meta: " + actual);
    }

    static ApiException invalid(ResourceType type, String name, String why) {
        return new ApiException(422, "Invalid", type.kind() + " \"" + name + "\" is invalid: " + why, type, name);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null, null);
    }

    static ApiException forbidden(ResourceType type, String name, String why) {
        return new ApiException(
                403, "Forbidden", type.qualifiedName() + " \"" + name + "\" is forbidden: " + why, type, name);
    }

    static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null, null);
    }

    static ApiException methodNotAllowed(String message) {
        return new ApiException(405, "MethodNotAllowed", message, null, null);
    }

    static ApiException internal(String message) {
        return new ApiException(500, "InternalError", message, null, null);
    }

    static ApiException serviceUnavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null, null);
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }

    ObjectNode toStatus() {
        ObjectNode status =
                JsonNodeFactory.instance.objectNode().put("kind", "Status").put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Failure").put("message", getMessage()).put("reason", reason);
        if (type != null || name != null) {
            ObjectNode details = status.putObject("details");
            if (name != null) {
                details.put("name", name);
            }
            if (type != null) {
                details.put("group", type.group()).put("kind", type.plural());
            }
        }
        status.put("code", code);
        return status;
    }
}
