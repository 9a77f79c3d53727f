package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/**
 * Create, update and patch as the apiserver's registry does them: generated names, the namespace checked, admission,
 * the status subresource splitting {@code .status} from the rest, optimistic concurrency on the resourceVersion (also
 * for {@code /status}), a {@code metadata.uid} in a patch body as a precondition, and the Pod spec's immutability.
 */
final class ObjectWrites {
    private static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Changes an object on its way in, before it is stored (defaulting and mutating admission). */
    interface Admission {
        void admit(ResourceType type, ObjectNode object);
    }

    /** Reacts to a new object in the same transaction (a namespace's ConfigMap and ServiceAccount). */
    interface AfterCreate {
        void created(StoredObject object);
    }

    private final ObjectStore store;
    private final ResourceTypes types;
    private final ClusterSettings settings;
    private final List<Admission> admission;
    private final List<AfterCreate> afterCreate;

    ObjectWrites(
            ObjectStore store,
            ResourceTypes types,
            ClusterSettings settings,
            List<Admission> admission,
            List<AfterCreate> afterCreate) {
        this.store = store;
        this.types = types;
        this.settings = settings;
        this.admission = admission;
        this.afterCreate = afterCreate;
    }

    /** A random suffix as the apiserver appends to generateName: five characters of its alphabet. */
    static String randomSuffix() {
        StringBuilder s = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            s.append(NAME_ALPHABET.charAt(RANDOM.nextInt(NAME_ALPHABET.length())));
        }
        return s.toString();
    }

    /** Creates an object; {@code manager} is the field manager it is recorded under (null: none, a system write). */
    StoredObject create(ResourceType type, String namespace, ObjectNode object, String manager) {
        ObjectNode metadata = object.with("metadata");
        if (type.namespaced()) {
            String given = metadata.path("namespace").asText("");
            if (!given.isEmpty() && !given.equals(namespace)) {
                throw ApiException.badRequest(
                        "the namespace of the provided object does not match the namespace sent on the request");
            }
            metadata.put("namespace", namespace);
        }
        if (metadata.path("name").asText("").isEmpty()) {
            String prefix = metadata.path("generateName").asText("");
            if (prefix.isEmpty()) {
                throw ApiException.invalid(type, "", "metadata.name: Required value: name or generateName is required");
            }
            metadata.put("name", prefix + randomSuffix());
        }
        String kind = object.path("kind").asText("");
        if (!kind.isEmpty() && !kind.equals(type.kind())) {
            throw ApiException.badRequest("the kind of the object (" + kind + ") does not match the URL ("
                    + type.kind().toLowerCase(Locale.ROOT) + ")");
        }
        return store.atomically(() -> {
            if (type.namespaced() && settings.on(Behaviour.NAMESPACE_LIFECYCLE)) {
                namespaceMustBeActive(type, namespace, metadata.path("name").asText());
            }
            admission.forEach(a -> a.admit(type, object));
            if (settings.on(Behaviour.STATUS_SUBRESOURCE)) {
                initialStatus(type, object);
            }
            if (manager != null && settings.on(Behaviour.MANAGED_FIELDS)) {
                ManagedFields.created(type, object, manager, store.now());
            }
            StoredObject created = store.create(type, object);
            afterCreate.forEach(hook -> hook.created(created));
            return created;
        });
    }

    private void namespaceMustBeActive(ResourceType type, String namespace, String name) {
        ResourceType namespaces = types.require("", "namespaces");
        StoredObject ns =
                store.get(namespaces, null, namespace).orElseThrow(() -> ApiException.notFound(namespaces, namespace));
        if (ns.object().path("metadata").hasNonNull("deletionTimestamp")) {
            throw ApiException.forbidden(
                    type,
                    name,
                    "unable to create new content in namespace " + namespace + " because it is being terminated");
        }
    }

    /** What the strategies' PrepareForCreate leave of a status sent on create. */
    private static void initialStatus(ResourceType type, ObjectNode object) {
        if (!type.statusSubresource() || type.isNodes() || type.storageKey().startsWith("customresourcedefinitions")) {
            return;
        }
        String qosClass = object.path("status").path("qosClass").asText("");
        object.remove("status");
        if (type.isPods()) {
            ObjectNode status = object.putObject("status").put("phase", "Pending");
            if (!qosClass.isEmpty()) {
                status.put("qosClass", qosClass);
            }
        } else if (type.storageKey().equals("namespaces")) {
            object.putObject("status").put("phase", "Active");
        }
    }

    /** PUT of the object or of its {@code /status}. */
    StoredObject update(
            ResourceType type, String namespace, String name, boolean status, ObjectNode body, String manager) {
        String expected = body.path("metadata").path("resourceVersion").asText("");
        if (expected.isEmpty() && !type.builtIn()) {
            throw ApiException.invalid(
                    type, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        }
        return store.atomically(() -> {
            StoredObject current = store.require(type, namespace, name);
            ObjectNode updated = body.deepCopy();
            matchRequest(type, updated, namespace, name);
            return write(type, current, updated, status, expected, manager);
        });
    }

    /** PATCH of the object or of its {@code /status}, in any of the three patch formats. */
    StoredObject patch(
            ResourceType type,
            String namespace,
            String name,
            boolean status,
            String contentType,
            JsonNode patch,
            String manager) {
        String mediaType =
                contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return store.atomically(() -> {
            StoredObject current = store.require(type, namespace, name);
            JsonNode patched = switch (mediaType) {
                case "application/json-patch+json" -> MergePatches.jsonPatch(current.copy(), patch, type, name);
                case "application/merge-patch+json" -> MergePatches.mergePatch(current.copy(), objectPatch(patch));
                case "application/strategic-merge-patch+json" -> strategic(type, current, objectPatch(patch));
                case "application/apply-patch+yaml", "application/apply-patch+cbor" ->
                    throw ApiException.unsupportedMediaType(
                            "server-side apply is not supported by this test apiserver");
                default ->
                    throw ApiException.unsupportedMediaType("the body of the request was in an unknown format"
                            + " - accepted media types include: application/json-patch+json,"
                            + " application/merge-patch+json, application/apply-patch+yaml");
            };
            if (!patched.isObject()) {
                throw ApiException.badRequest("the patch did not produce an object");
            }
            ObjectNode result = (ObjectNode) patched;
            matchRequest(type, result, namespace, name);
            String uid = result.path("metadata").path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(current.uid())) {
                throw ApiException.uidPrecondition(type, name, uid, current.uid());
            }
            String expected = result.path("metadata").path("resourceVersion").asText("");
            return write(type, current, result, status, expected, manager);
        });
    }

    /** Name and namespace come from the URL: filled in when the body leaves them out, a 400 when it differs. */
    private static void matchRequest(ResourceType type, ObjectNode object, String namespace, String name) {
        ObjectNode metadata = object.with("metadata");
        String given = metadata.path("name").asText("");
        if (!given.isEmpty() && !given.equals(name)) {
            throw ApiException.badRequest(
                    "the name of the object (" + given + ") does not match the name on the URL (" + name + ")");
        }
        metadata.put("name", name);
        if (type.namespaced()) {
            String givenNamespace = metadata.path("namespace").asText("");
            if (!givenNamespace.isEmpty() && !givenNamespace.equals(namespace)) {
                throw ApiException.badRequest(
                        "the namespace of the provided object does not match the namespace" + " sent on the request");
            }
            metadata.put("namespace", namespace);
        }
    }

    private JsonNode strategic(ResourceType type, StoredObject current, ObjectNode patch) {
        if (!settings.on(Behaviour.STRATEGIC_MERGE_PATCH)) {
            throw ApiException.unsupportedMediaType("Unsupported Media Type");
        }
        PatchSchema schema = PatchSchema.of(type, type.builtIn())
                .orElseThrow(() -> ApiException.unsupportedMediaType(
                        "strategic merge patch is not supported for custom resources; use merge patch"));
        return MergePatches.strategicMergePatch(current.copy(), patch, schema);
    }

    private static ObjectNode objectPatch(JsonNode patch) {
        if (!patch.isObject()) {
            throw ApiException.badRequest("a merge patch must be a JSON object");
        }
        return (ObjectNode) patch;
    }

    /** The common end of PUT and PATCH: which part of the object the write may change, then the guarded replace. */
    private StoredObject write(
            ResourceType type,
            StoredObject current,
            ObjectNode updated,
            boolean status,
            String expected,
            String manager) {
        boolean split = settings.on(Behaviour.STATUS_SUBRESOURCE);
        if (status) {
            if (!type.statusSubresource()) {
                throw ApiException.notFound("the server could not find the requested resource");
            }
            if (split) {
                ObjectNode onlyStatus = current.copy();
                setOrRemove(onlyStatus, "status", updated.get("status"));
                updated = onlyStatus;
            } else {
                expected = "";
            }
        } else if (split && type.statusSubresource()) {
            setOrRemove(updated, "status", current.object().get("status"));
        }
        if (!status && type.isPods() && settings.on(Behaviour.POD_UPDATE_VALIDATION)) {
            PodUpdateValidation.check(type, current.object(), updated);
        }
        if (manager != null && settings.on(Behaviour.MANAGED_FIELDS)) {
            ManagedFields.updated(type, current.object(), updated, manager, status, store.now());
        }
        return store.replace(type, updated, expected);
    }

    private static void setOrRemove(ObjectNode target, String field, JsonNode value) {
        if (value == null || value.isNull()) {
            target.remove(field);
        } else {
            target.set(field, value.deepCopy());
        }
    }
}
