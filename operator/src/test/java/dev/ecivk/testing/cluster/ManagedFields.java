package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code metadata.managedFields} as the apiserver's field manager keeps them for create, update and patch (operation
 * {@code Update}): one entry per manager, operation, API version and subresource, whose {@code fieldsV1} is the set of
 * fields that manager last set. A create owns every field of the new object; an update or patch owns the fields whose
 * value it changed, which leave the other managers' sets (an entry left with none is dropped). Field sets are encoded
 * as the apiserver does: {@code f:<field>}, {@code k:{"<merge key>":…}} for items of keyed lists, {@code v:<value>}
 * for set lists, {@code .} for an item's or map's own existence; a list without a merge key is one atomic field.
 *
 * <p>So the fixture's objects weigh what a real apiserver's do (managedFields are often a third of a Pod's JSON),
 * which is what a controller's cache must cope with.
 */
final class ManagedFields {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Metadata the apiserver sets itself: never in a manager's set. */
    private static final Set<String> SERVER_METADATA = Set.of(
            "name",
            "namespace",
            "uid",
            "resourceVersion",
            "generation",
            "creationTimestamp",
            "deletionTimestamp",
            "deletionGracePeriodSeconds",
            "selfLink",
            "managedFields");

    private ManagedFields() {}

    /**
     * The manager a request writes as: its {@code fieldManager} parameter, else its User-Agent up to the first
     * {@code /} (as the apiserver derives it), else {@code unknown}.
     */
    static String manager(RecordedRequest request, ApiPath path) {
        String given = path.param("fieldManager").orElse("");
        if (!given.isBlank()) {
            return given;
        }
        String agent = request.getHeader("User-Agent");
        if (agent == null || agent.isBlank()) {
            return "unknown";
        }
        int slash = agent.indexOf('/');
        return slash < 0 ? agent : agent.substring(0, slash);
    }

    /** Records a create by {@code manager}: it owns every field of {@code object} but the status. */
    static void created(ResourceType type, ObjectNode object, String manager, String now) {
        ObjectNode fields = ownedFields(type, object, false);
        ArrayNode entries = NODES.arrayNode();
        if (!fields.isEmpty()) {
            entries.add(entry(type, manager, null, fields, now));
        }
        setEntries(object, entries);
    }

    /**
     * Records an update or patch by {@code manager} that turned {@code before} into {@code after} (of the object, or
     * of its status when {@code status}); {@code after}'s managedFields are the result, whatever the request sent.
     */
    static void updated(
            ResourceType type, JsonNode before, ObjectNode after, String manager, boolean status, String now) {
        ArrayNode entries = before.path("metadata").path("managedFields").isArray()
                ? (ArrayNode) before.path("metadata").path("managedFields").deepCopy()
                : NODES.arrayNode();
        ObjectNode changed = changedFields(type, before, after, status);
        if (!changed.isEmpty()) {
            String subresource = status ? "status" : null;
            ObjectNode own = null;
            for (Iterator<JsonNode> it = entries.iterator(); it.hasNext(); ) {
                ObjectNode entry = (ObjectNode) it.next();
                if (sameOwner(entry, manager, type.apiVersion(), subresource)) {
                    own = entry;
                    continue;
                }
                ObjectNode set = entry.with("fieldsV1");
                subtract(set, changed);
                if (set.isEmpty()) {
                    it.remove();
                }
            }
            if (own == null) {
                entries.add(entry(type, manager, subresource, changed, now));
            } else {
                union(own.with("fieldsV1"), changed);
                own.put("time", now);
            }
        }
        setEntries(after, entries);
    }

    private static void setEntries(ObjectNode object, ArrayNode entries) {
        ObjectNode metadata = object.with("metadata");
        if (entries.isEmpty()) {
            metadata.remove("managedFields");
        } else {
            metadata.set("managedFields", entries);
        }
    }

    private static ObjectNode entry(
            ResourceType type, String manager, String subresource, ObjectNode fields, String now) {
        ObjectNode entry = NODES.objectNode()
                .put("manager", manager)
                .put("operation", "Update")
                .put("apiVersion", type.apiVersion())
                .put("time", now)
                .put("fieldsType", "FieldsV1");
        entry.set("fieldsV1", fields);
        if (subresource != null) {
            entry.put("subresource", subresource);
        }
        return entry;
    }

    private static boolean sameOwner(ObjectNode entry, String manager, String apiVersion, String subresource) {
        return manager.equals(entry.path("manager").asText())
                && "Update".equals(entry.path("operation").asText())
                && apiVersion.equals(entry.path("apiVersion").asText())
                && (subresource == null
                        ? !entry.hasNonNull("subresource")
                        : subresource.equals(entry.path("subresource").asText()));
    }

    /** Every field a client sets on {@code object}: the status only when {@code status}, else all but the status. */
    private static ObjectNode ownedFields(ResourceType type, JsonNode object, boolean status) {
        PatchSchema schema = PatchSchema.of(type, true).orElseThrow();
        ObjectNode set = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            String name = field.getKey();
            if (!writable(type, name, status)) {
                continue;
            }
            JsonNode value = name.equals("metadata") ? clientMetadata(field.getValue()) : field.getValue();
            if (!value.isObject() || !value.isEmpty()) {
                set.set("f:" + name, fieldsOf(value, name, schema, false));
            }
        }
        return set;
    }

    private static ObjectNode changedFields(ResourceType type, JsonNode before, JsonNode after, boolean status) {
        PatchSchema schema = PatchSchema.of(type, true).orElseThrow();
        ObjectNode set = NODES.objectNode();
        for (Map.Entry<String, JsonNode> field : after.properties()) {
            String name = field.getKey();
            if (!writable(type, name, status)) {
                continue;
            }
            JsonNode was = before.path(name);
            JsonNode is = field.getValue();
            if (name.equals("metadata")) {
                was = clientMetadata(was);
                is = clientMetadata(is);
            }
            ObjectNode changed = changed(was, is, name, schema, false);
            if (changed != null) {
                set.set("f:" + name, changed);
            }
        }
        return set;
    }

    private static boolean writable(ResourceType type, String field, boolean status) {
        if (field.equals("apiVersion") || field.equals("kind")) {
            return false;
        }
        boolean isStatus = field.equals("status") && type.statusSubresource();
        return status == isStatus;
    }

    private static JsonNode clientMetadata(JsonNode metadata) {
        if (!metadata.isObject()) {
            return NODES.objectNode();
        }
        ObjectNode copy = ((ObjectNode) metadata).deepCopy();
        copy.remove(SERVER_METADATA);
        return copy;
    }

    /** The field set of {@code value} at {@code path}; {@code item} when it is an element (it owns its existence). */
    private static ObjectNode fieldsOf(JsonNode value, String path, PatchSchema schema, boolean item) {
        ObjectNode set = NODES.objectNode();
        if (value.isObject() && !value.isEmpty()) {
            if (item || path.indexOf('.') >= 0) {
                set.putObject(".");
            }
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                set.set("f:" + field.getKey(), fieldsOf(field.getValue(), path + "." + field.getKey(), schema, false));
            }
        } else if (value.isArray() && schema.list(path) != null) {
            String key = schema.mergeKey(path);
            for (JsonNode element : value) {
                set.set(
                        itemKey(key, element),
                        key == null ? NODES.objectNode() : fieldsOf(element, path + "[]", schema, true));
            }
        }
        return set;
    }

    /** The fields of {@code after} whose value differs from {@code before}'s; null when none does. */
    private static ObjectNode changed(JsonNode before, JsonNode after, String path, PatchSchema schema, boolean item) {
        if (before.equals(after)) {
            return null;
        }
        if (before.isMissingNode() || before.isNull() || before.getNodeType() != after.getNodeType()) {
            return fieldsOf(after, path, schema, item);
        }
        if (after.isObject()) {
            ObjectNode set = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : after.properties()) {
                ObjectNode c = changed(
                        before.path(field.getKey()), field.getValue(), path + "." + field.getKey(), schema, false);
                if (c != null) {
                    set.set("f:" + field.getKey(), c);
                }
            }
            return set.isEmpty() ? null : set;
        }
        if (after.isArray() && schema.list(path) != null) {
            String key = schema.mergeKey(path);
            ObjectNode set = NODES.objectNode();
            for (JsonNode element : after) {
                JsonNode old = key == null ? null : find(before, key, element.path(key));
                if (key == null) {
                    if (!contains(before, element)) {
                        set.putObject(itemKey(null, element));
                    }
                } else {
                    ObjectNode c = changed(old == null ? NODES.missingNode() : old, element, path + "[]", schema, true);
                    if (c != null) {
                        set.set(itemKey(key, element), c);
                    }
                }
            }
            return set.isEmpty() ? null : set;
        }
        return NODES.objectNode();
    }

    private static String itemKey(String mergeKey, JsonNode element) {
        if (mergeKey == null) {
            return "v:" + element;
        }
        return "k:" + NODES.objectNode().set(mergeKey, element.path(mergeKey));
    }

    private static JsonNode find(JsonNode list, String key, JsonNode value) {
        for (JsonNode element : list) {
            if (element.path(key).equals(value)) {
                return element;
            }
        }
        return null;
    }

    private static boolean contains(JsonNode list, JsonNode value) {
        for (JsonNode element : list) {
            if (element.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** Adds {@code add}'s fields to {@code into}. */
    private static void union(ObjectNode into, ObjectNode add) {
        for (Map.Entry<String, JsonNode> field : add.properties()) {
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode more) {
                union(target, more);
            } else {
                into.set(field.getKey(), field.getValue().deepCopy());
            }
        }
    }

    /**
     * Takes {@code remove}'s fields out of {@code from}: a field {@code remove} sets as a whole (no sub-fields) goes
     * with everything under it; what a change of sub-fields leaves empty goes too.
     */
    private static void subtract(ObjectNode from, ObjectNode remove) {
        List<String> emptied = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : remove.properties()) {
            JsonNode owned = from.get(field.getKey());
            if (owned == null) {
                continue;
            }
            if (field.getValue().isEmpty() || !(owned instanceof ObjectNode ownedSet)) {
                emptied.add(field.getKey());
            } else {
                subtract(ownedSet, (ObjectNode) field.getValue());
                if (ownedSet.isEmpty()) {
                    emptied.add(field.getKey());
                }
            }
        }
        emptied.forEach(from::remove);
    }
}
