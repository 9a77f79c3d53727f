package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The DefaultTolerationSeconds admission plugin: every Pod that does not already tolerate them gets
 * {@code node.kubernetes.io/not-ready} and {@code node.kubernetes.io/unreachable} NoExecute tolerations for 300 s,
 * which is how long it survives on a node that stops reporting.
 */
final class DefaultTolerations implements ObjectWrites.Admission {
    static final long SECONDS = 300;

    @Override
    public void admit(ResourceType type, ObjectNode pod) {
        if (!type.isPods()) {
            return;
        }
        ObjectNode spec = pod.with("spec");
        for (String key : List.of(NodeLifecycleController.NOT_READY, NodeLifecycleController.UNREACHABLE)) {
            if (!tolerated(spec.path("tolerations"), key)) {
                spec.withArray("tolerations")
                        .addObject()
                        .put("key", key)
                        .put("operator", "Exists")
                        .put("effect", "NoExecute")
                        .put("tolerationSeconds", SECONDS);
            }
        }
    }

    private static boolean tolerated(JsonNode tolerations, String key) {
        for (JsonNode t : tolerations) {
            String effect = t.path("effect").asText("");
            if (key.equals(t.path("key").asText()) && (effect.isEmpty() || effect.equals("NoExecute"))) {
                return true;
            }
        }
        return false;
    }
}
