package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Label and field selectors as the apiserver parses and applies them. The fabric8 mock drops set-based label
 * requirements and every field but {@code metadata.name}/{@code metadata.namespace}; here {@code k in (a,b)},
 * {@code notin}, {@code !k} and the field labels each type really supports (e.g. {@code spec.nodeName} of Pods,
 * {@code involvedObject.name} of Events) are honoured, and an unsupported field label is a 400 as on a real cluster.
 */
final class Selectors {
    private Selectors() {}

    /** One requirement of a selector, tested against a label or field set. */
    record Requirement(String key, String operator, Set<String> values) {
        boolean matches(Map<String, String> set) {
            String actual = set.get(key);
            return switch (operator) {
                case "=" -> actual != null && values.contains(actual);
                case "!=" -> actual == null || !values.contains(actual);
                case "in" -> actual != null && values.contains(actual);
                case "notin" -> actual == null || !values.contains(actual);
                case "exists" -> set.containsKey(key);
                case "!exists" -> !set.containsKey(key);
                default -> throw new IllegalStateException(operator);
            };
        }
    }

    static List<Requirement> parseLabels(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            String r = part.trim();
            if (r.isEmpty()) {
                continue;
            }
            String[] words = r.split("\\s+", 3);
            if (words.length >= 3 && (words[1].equals("in") || words[1].equals("notin"))) {
                String list = r.substring(r.indexOf('(') + 1, r.lastIndexOf(')'));
                Set<String> values =
                        Set.copyOf(List.of(list.trim().isEmpty() ? new String[0] : list.split("\\s*,\\s*")));
                requirements.add(new Requirement(words[0], words[1], values));
            } else if (r.startsWith("!")) {
                requirements.add(new Requirement(r.substring(1).trim(), "!exists", Set.of()));
            } else if (!r.contains("=")) {
                requirements.add(new Requirement(r, "exists", Set.of()));
            } else {
                requirements.add(equality(r));
            }
        }
        return requirements;
    }

    static List<Requirement> parseFields(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : selector.split(",")) {
            String r = part.trim();
            if (!r.isEmpty()) {
                if (!r.contains("=")) {
                    throw ApiException.badRequest("invalid field selector: '" + r + "': no operator");
                }
                requirements.add(equality(r));
            }
        }
        return requirements;
    }

    private static Requirement equality(String r) {
        int not = r.indexOf("!=");
        if (not >= 0) {
            return new Requirement(
                    r.substring(0, not).trim(),
                    "!=",
                    Set.of(r.substring(not + 2).trim()));
        }
        int eq = r.indexOf('=');
        String value = r.substring(eq + 1);
        if (value.startsWith("=")) {
            value = value.substring(1);
        }
        return new Requirement(r.substring(0, eq).trim(), "=", Set.of(value.trim()));
    }

    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }

    /**
     * The predicate of a list or watch request over stored objects of {@code type}; {@code realFields} false keeps
     * the fabric8 mock's behaviour of knowing only the metadata fields (a {@code spec.nodeName=x} then matches nothing).
     */
    static Predicate<JsonNode> predicate(
            ResourceType type, String labelSelector, String fieldSelector, boolean realFields) {
        List<Requirement> labels = labelSelector == null ? List.of() : parseLabels(labelSelector);
        List<Requirement> fields = fieldSelector == null ? List.of() : parseFields(fieldSelector);
        if (realFields) {
            Set<String> supported = supportedFields(type);
            for (Requirement f : fields) {
                if (!supported.contains(f.key())) {
                    throw ApiException.badRequest("field label not supported: " + f.key());
                }
            }
        }
        if (labels.isEmpty() && fields.isEmpty()) {
            return o -> true;
        }
        return object -> {
            if (!labels.isEmpty()) {
                Map<String, String> labelSet = stringMap(object.path("metadata").path("labels"));
                if (!labels.stream().allMatch(r -> r.matches(labelSet))) {
                    return false;
                }
            }
            if (!fields.isEmpty()) {
                Map<String, String> fieldSet = fields(type, object, realFields);
                return fields.stream().allMatch(r -> r.matches(fieldSet));
            }
            return true;
        };
    }

    static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> map = new HashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    private static Set<String> supportedFields(ResourceType type) {
        Set<String> common = Set.of("metadata.name", "metadata.namespace");
        Set<String> specific = switch (type.storageKey()) {
            case "pods" ->
                Set.of(
                        "spec.nodeName",
                        "spec.restartPolicy",
                        "spec.schedulerName",
                        "spec.serviceAccountName",
                        "spec.hostNetwork",
                        "status.phase",
                        "status.podIP",
                        "status.nominatedNodeName");
            case "events" ->
                Set.of(
                        "involvedObject.kind",
                        "involvedObject.namespace",
                        "involvedObject.name",
                        "involvedObject.uid",
                        "involvedObject.apiVersion",
                        "involvedObject.resourceVersion",
                        "involvedObject.fieldPath",
                        "reason",
                        "reportingComponent",
                        "source",
                        "type");
            case "nodes" -> Set.of("spec.unschedulable");
            case "secrets" -> Set.of("type");
            case "namespaces" -> Set.of("status.phase");
            case "replicasets", "replicationcontrollers" -> Set.of("status.replicas");
            default -> Set.of();
        };
        Set<String> all = new java.util.HashSet<>(common);
        all.addAll(specific);
        return all;
    }

    /** The field set the apiserver computes for an object (GetAttrs): every supported field, present or empty. */
    static Map<String, String> fields(ResourceType type, JsonNode o, boolean realFields) {
        Map<String, String> f = new HashMap<>();
        f.put("metadata.name", o.path("metadata").path("name").asText());
        if (type.namespaced()) {
            f.put("metadata.namespace", o.path("metadata").path("namespace").asText());
        }
        if (!realFields) {
            return f;
        }
        for (String key : supportedFields(type)) {
            if (!key.startsWith("metadata.")) {
                f.put(key, value(o, key));
            }
        }
        if (type.storageKey().equals("events")) {
            f.put(
                    "source",
                    o.path("source")
                            .path("component")
                            .asText(o.path("reportingComponent").asText()));
        }
        if (key(type, "pods") || key(type, "nodes")) {
            booleanField(f, o, type.isPods() ? "spec.hostNetwork" : "spec.unschedulable");
        }
        return f;
    }

    private static boolean key(ResourceType type, String storageKey) {
        return type.storageKey().equals(storageKey);
    }

    private static void booleanField(Map<String, String> f, JsonNode o, String path) {
        f.put(path, Boolean.toString(at(o, path).asBoolean(false)));
    }

    private static String value(JsonNode o, String dotted) {
        JsonNode n = at(o, dotted);
        return n.isMissingNode() || n.isNull() ? "" : n.asText();
    }

    private static JsonNode at(JsonNode o, String dotted) {
        JsonNode n = o;
        for (String p : dotted.split("\\.")) {
            n = n.path(p);
        }
        return n;
    }
}
