package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The three patch formats the apiserver accepts besides server-side apply: JSON patch (RFC 6902, by zjsonpatch),
 * JSON merge patch (RFC 7386: objects merge, {@code null} deletes, everything else, arrays included, replaces; the
 * fabric8 mock appends arrays instead) and strategic merge patch with the merge keys of {@link PatchSchema}.
 */
final class MergePatches {
    private static final String DIRECTIVE = "$patch";
    private static final String RETAIN_KEYS = "$retainKeys";
    private static final String SET_ORDER = "$setElementOrder/";
    private static final String DELETE_PRIMITIVES = "$deleteFromPrimitiveList/";

    private MergePatches() {}

    static JsonNode jsonPatch(JsonNode target, JsonNode patch, ResourceType type, String name) {
        if (!patch.isArray()) {
            throw ApiException.badRequest("json patch must be a list of operations");
        }
        try {
            return JsonPatch.apply(patch, target);
        } catch (JsonPatchException | IllegalArgumentException e) {
            throw ApiException.invalid(
                    type, name, "the server rejected our request due to an error in our request: " + e.getMessage());
        }
    }

    /** RFC 7386. */
    static JsonNode mergePatch(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject()
                ? ((ObjectNode) target).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        patch.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), mergePatch(result.get(e.getKey()), e.getValue()));
            }
        });
        return result;
    }

    /** Strategic merge patch of {@code original} by {@code patch}, the lists merged by the schema's keys. */
    static ObjectNode strategicMergePatch(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        ObjectNode merged = mergeObject(original, patch, schema, "");
        return merged == null ? JsonNodeFactory.instance.objectNode() : merged;
    }

    private static ObjectNode mergeObject(JsonNode original, ObjectNode patch, PatchSchema schema, String path) {
        String directive = patch.path(DIRECTIVE).asText("merge");
        if (directive.equals("delete")) {
            return null;
        }
        if (directive.equals("replace")) {
            return withoutDirectives(patch);
        }
        ObjectNode result = original != null && original.isObject()
                ? ((ObjectNode) original).deepCopy()
                : JsonNodeFactory.instance.objectNode();
        Map<String, JsonNode> orders = new HashMap<>();
        Map<String, JsonNode> primitiveDeletes = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = e.getKey();
            JsonNode value = e.getValue();
            String child = path.isEmpty() ? field : path + "." + field;
            if (field.equals(DIRECTIVE) || field.equals(RETAIN_KEYS)) {
                continue;
            } else if (field.startsWith(SET_ORDER)) {
                orders.put(field.substring(SET_ORDER.length()), value);
            } else if (field.startsWith(DELETE_PRIMITIVES)) {
                primitiveDeletes.put(field.substring(DELETE_PRIMITIVES.length()), value);
            } else if (value.isNull()) {
                result.remove(field);
            } else if (value.isObject()) {
                ObjectNode merged = mergeObject(result.get(field), (ObjectNode) value, schema, child);
                if (merged == null) {
                    result.remove(field);
                } else {
                    result.set(field, merged);
                }
            } else if (value.isArray()) {
                result.set(field, mergeList(result.get(field), (ArrayNode) value, schema, child));
            } else {
                result.set(field, value.deepCopy());
            }
        }
        primitiveDeletes.forEach((field, values) -> {
            if (result.get(field) instanceof ArrayNode list) {
                Set<JsonNode> doomed = new HashSet<>();
                values.forEach(doomed::add);
                list.removeIf(doomed::contains);
            }
        });
        orders.forEach((field, order) -> {
            if (result.get(field) instanceof ArrayNode list) {
                result.set(field, reorder(list, order, schema.mergeKey(path.isEmpty() ? field : path + "." + field)));
            }
        });
        if (patch.has(RETAIN_KEYS)) {
            Set<String> retained = new HashSet<>();
            patch.get(RETAIN_KEYS).forEach(k -> retained.add(k.asText()));
            result.retain(retained);
        }
        return result;
    }

    private static ArrayNode mergeList(JsonNode original, ArrayNode patch, PatchSchema schema, String path) {
        PatchSchema.ListStrategy strategy = schema.list(path);
        boolean replaceDirective = false;
        for (JsonNode item : patch) {
            replaceDirective |= item.isObject() && item.path(DIRECTIVE).asText().equals("replace");
        }
        if (strategy == null || replaceDirective) {
            ArrayNode replaced = JsonNodeFactory.instance.arrayNode();
            for (JsonNode item : patch) {
                if (!(item.isObject() && item.has(DIRECTIVE))) {
                    replaced.add(item.isObject() ? withoutDirectives((ObjectNode) item) : item.deepCopy());
                }
            }
            return replaced;
        }
        ArrayNode result = original != null && original.isArray()
                ? ((ArrayNode) original).deepCopy()
                : JsonNodeFactory.instance.arrayNode();
        if (strategy.mergeKey() == null) {
            for (JsonNode item : patch) {
                if (!contains(result, item)) {
                    result.add(item.deepCopy());
                }
            }
            return result;
        }
        String key = strategy.mergeKey();
        for (JsonNode item : patch) {
            if (!item.isObject()) {
                continue;
            }
            int at = indexOf(result, key, item.get(key));
            if (item.path(DIRECTIVE).asText().equals("delete")) {
                while (at >= 0) {
                    result.remove(at);
                    at = indexOf(result, key, item.get(key));
                }
            } else if (at >= 0) {
                result.set(at, mergeObject(result.get(at), (ObjectNode) item, schema, path + "[]"));
            } else {
                result.add(mergeObject(null, (ObjectNode) item, schema, path + "[]"));
            }
        }
        return result;
    }

    /** {@code $setElementOrder}: listed items in the given order; others stay after the item they followed. */
    private static ArrayNode reorder(ArrayNode list, JsonNode order, String mergeKey) {
        List<JsonNode> keys = new ArrayList<>();
        order.forEach(o -> keys.add(mergeKey == null ? o : o.get(mergeKey)));
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        Map<JsonNode, Double> rank = new IdentityHashMap<>();
        double last = -1;
        for (JsonNode item : items) {
            int index = keys.indexOf(mergeKey == null ? item : item.get(mergeKey));
            last = index >= 0 ? index : last + 0.001;
            rank.put(item, last);
        }
        items.sort((a, b) -> Double.compare(rank.get(a), rank.get(b)));
        ArrayNode sorted = JsonNodeFactory.instance.arrayNode();
        items.forEach(sorted::add);
        return sorted;
    }

    private static boolean contains(ArrayNode list, JsonNode value) {
        for (JsonNode n : list) {
            if (n.equals(value)) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(ArrayNode list, String key, JsonNode value) {
        for (int i = 0; i < list.size(); i++) {
            if (value != null && value.equals(list.get(i).get(key))) {
                return i;
            }
        }
        return -1;
    }

    private static ObjectNode withoutDirectives(ObjectNode node) {
        ObjectNode copy = node.deepCopy();
        copy.remove(DIRECTIVE);
        copy.remove(RETAIN_KEYS);
        List<String> directives = new ArrayList<>();
        copy.fieldNames().forEachRemaining(f -> {
            if (f.startsWith(SET_ORDER) || f.startsWith(DELETE_PRIMITIVES)) {
                directives.add(f);
            }
        });
        copy.remove(directives);
        return copy;
    }
}
