package dev.ecivk.translate;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The field paths a Pod sets, in the mapping table's notation: {@code spec.containers[].livenessProbe.httpGet.port};
 * map-valued fields are one path ({@code metadata.labels}), except resources and ACK annotations, whose keys matter
 * ({@code spec.containers[].resources.limits[nvidia.com/gpu]}, {@code metadata.annotations[k8s.aliyun.com/eci-vswitch]}).
 */
final class FieldPathCollector {

    private static final Set<String> MAPS = Set.of(
            "labels",
            "annotations",
            "nodeSelector",
            "volumeAttributes",
            "options",
            "matchLabels",
            "limits",
            "requests",
            "overhead");
    private static final Set<String> KEYED = Set.of("limits", "requests");

    private FieldPathCollector() {}

    static Set<String> paths(Pod pod) {
        JsonNode root = Serialization.jsonMapper().valueToTree(pod);
        Set<String> out = new TreeSet<>();
        walk(root.path("metadata"), "metadata", out);
        walk(root.path("spec"), "spec", out);
        return out;
    }

    private static void walk(JsonNode node, String path, Set<String> out) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                out.add(path + "[]");
            }
            for (JsonNode item : node) {
                walk(item, path + "[]", out);
            }
            return;
        }
        if (node.isObject() && node.isEmpty()) {
            // An empty object sets nothing, except emptyDir: {} which asks for a volume.
            if (path.endsWith(".emptyDir")) {
                out.add(path);
            }
            return;
        }
        if (!node.isObject()) {
            out.add(path);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String child = path + "." + name;
            if (MAPS.contains(name) && e.getValue().isObject()) {
                if (name.equals("annotations")) {
                    boolean plain = false;
                    for (Iterator<String> keys = e.getValue().fieldNames(); keys.hasNext(); ) {
                        String key = keys.next();
                        if (key.startsWith(Annotations.PREFIX)) {
                            out.add(child + "[" + key + "]");
                        } else {
                            plain = true;
                        }
                    }
                    if (plain) {
                        out.add(child);
                    }
                } else if (KEYED.contains(name)) {
                    e.getValue().fieldNames().forEachRemaining(key -> out.add(child + "[" + key + "]"));
                } else {
                    out.add(child);
                }
                continue;
            }
            walk(e.getValue(), child, out);
        }
    }
}
