package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One version of one object as the store holds it. The JSON tree is never changed once stored (writers work on a
 * {@link #copy()}), so readers share it without locks; its serialized form is computed once.
 */
final class StoredObject {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private final ResourceType type;
    private final ObjectNode object;
    private final long resourceVersion;
    private volatile String json;

    StoredObject(ResourceType type, ObjectNode object, long resourceVersion) {
        this.type = type;
        this.object = object;
        this.resourceVersion = resourceVersion;
    }

    ResourceType type() {
        return type;
    }

    /** The stored tree: read it, never change it. */
    ObjectNode object() {
        return object;
    }

    ObjectNode copy() {
        return object.deepCopy();
    }

    long resourceVersion() {
        return resourceVersion;
    }

    String namespace() {
        return object.path("metadata").path("namespace").asText("");
    }

    String name() {
        return object.path("metadata").path("name").asText();
    }

    String uid() {
        return object.path("metadata").path("uid").asText();
    }

    String json() {
        String j = json;
        if (j == null) {
            try {
                j = MAPPER.writeValueAsString(object);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            json = j;
        }
        return j;
    }
}
