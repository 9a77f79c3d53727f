package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The apiserver's ValidatePodUpdate: which parts of a Pod's spec an update may change. */
final class PodUpdateValidation {
    private static final String FORBIDDEN = "spec: Forbidden: pod updates may not change fields other than"
            + " `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private PodUpdateValidation() {}

    static void check(ResourceType type, JsonNode current, ObjectNode updated) {
        JsonNode before = current.path("spec");
        JsonNode after = updated.path("spec");
        if (after.isMissingNode()) {
            updated.set("spec", before.deepCopy());
            return;
        }
        ObjectNode allowed =
                before.isObject() ? ((ObjectNode) before).deepCopy() : JsonNodeFactory.instance.objectNode();
        copyImages(allowed, after, "containers");
        copyImages(allowed, after, "initContainers");
        for (String mutable : new String[] {"activeDeadlineSeconds", "schedulingGates"}) {
            if (after.has(mutable)) {
                allowed.set(mutable, after.get(mutable).deepCopy());
            } else {
                allowed.remove(mutable);
            }
        }
        if (after.path("tolerations").size() >= before.path("tolerations").size() && after.has("tolerations")) {
            boolean onlyAdditions = true;
            for (int i = 0; i < before.path("tolerations").size(); i++) {
                onlyAdditions &= before.path("tolerations")
                        .get(i)
                        .equals(after.path("tolerations").get(i));
            }
            if (onlyAdditions) {
                allowed.set("tolerations", after.get("tolerations").deepCopy());
            }
        }
        if (!allowed.equals(after)) {
            throw ApiException.invalid(
                    type, updated.path("metadata").path("name").asText(), FORBIDDEN);
        }
    }

    private static void copyImages(ObjectNode allowed, JsonNode after, String field) {
        if (!(allowed.get(field) instanceof ArrayNode containers)
                || !after.path(field).isArray()) {
            return;
        }
        JsonNode newContainers = after.get(field);
        if (newContainers.size() != containers.size()) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            JsonNode image = newContainers.get(i).get("image");
            if (image != null && containers.get(i).isObject()) {
                ((ObjectNode) containers.get(i)).set("image", image.deepCopy());
            }
        }
    }
}
