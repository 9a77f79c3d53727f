package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types the fixture's apiserver serves: the built-in ones a virtual kubelet and its tests meet, plus every
 * CustomResourceDefinition created in the cluster (as the real apiserver serves a CRD once it is created). A type
 * nobody declared is a 404, as on a real apiserver, not a silently accepted object as on the fabric8 mock.
 */
final class ResourceTypes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /**
     * group/version plural Kind scope flags subresources; flags: s = status subresource, g = generation follows the
     * spec. Only the types this project and its tests touch, plus the usual workload types.
     */
    private static final List<String> BUILT_IN = List.of(
            "v1 pods Pod ns sg status,log,exec,attach,portforward,binding,eviction,proxy,ephemeralcontainers",
            "v1 nodes Node cluster s status,proxy",
            "v1 namespaces Namespace cluster s status,finalize",
            "v1 services Service ns s status,proxy",
            "v1 endpoints Endpoints ns - -",
            "v1 configmaps ConfigMap ns - -",
            "v1 secrets Secret ns - -",
            "v1 serviceaccounts ServiceAccount ns - token",
            "v1 events Event ns - -",
            "v1 persistentvolumeclaims PersistentVolumeClaim ns s status",
            "v1 persistentvolumes PersistentVolume cluster s status",
            "v1 replicationcontrollers ReplicationController ns sg status,scale",
            "v1 resourcequotas ResourceQuota ns s status",
            "v1 limitranges LimitRange ns - -",
            "v1 podtemplates PodTemplate ns - -",
            "v1 bindings Binding ns - -",
            "coordination.k8s.io/v1 leases Lease ns - -",
            "events.k8s.io/v1 events Event ns - -",
            "apps/v1 deployments Deployment ns sg status,scale",
            "apps/v1 replicasets ReplicaSet ns sg status,scale",
            "apps/v1 statefulsets StatefulSet ns sg status,scale",
            "apps/v1 daemonsets DaemonSet ns sg status",
            "apps/v1 controllerrevisions ControllerRevision ns - -",
            "batch/v1 jobs Job ns sg status",
            "batch/v1 cronjobs CronJob ns sg status",
            "policy/v1 poddisruptionbudgets PodDisruptionBudget ns sg status",
            "autoscaling/v2 horizontalpodautoscalers HorizontalPodAutoscaler ns s status",
            "rbac.authorization.k8s.io/v1 roles Role ns - -",
            "rbac.authorization.k8s.io/v1 rolebindings RoleBinding ns - -",
            "rbac.authorization.k8s.io/v1 clusterroles ClusterRole cluster - -",
            "rbac.authorization.k8s.io/v1 clusterrolebindings ClusterRoleBinding cluster - -",
            "apiextensions.k8s.io/v1 customresourcedefinitions CustomResourceDefinition cluster sg status",
            "authentication.k8s.io/v1 tokenreviews TokenReview cluster - -",
            "authorization.k8s.io/v1 subjectaccessreviews SubjectAccessReview cluster - -",
            "authorization.k8s.io/v1 selfsubjectaccessreviews SelfSubjectAccessReview cluster - -",
            "discovery.k8s.io/v1 endpointslices EndpointSlice ns - -",
            "networking.k8s.io/v1 ingresses Ingress ns sg status",
            "networking.k8s.io/v1 networkpolicies NetworkPolicy ns g -",
            "storage.k8s.io/v1 storageclasses StorageClass cluster - -",
            "scheduling.k8s.io/v1 priorityclasses PriorityClass cluster - -",
            "node.k8s.io/v1 runtimeclasses RuntimeClass cluster - -",
            "certificates.k8s.io/v1 certificatesigningrequests CertificateSigningRequest cluster s status,approval");

    private final Map<String, ResourceType> byGroupPlural = new ConcurrentHashMap<>();

    ResourceTypes() {
        for (String line : BUILT_IN) {
            String[] f = line.split(" ");
            String[] gv = f[0].contains("/") ? f[0].split("/") : new String[] {"", f[0]};
            register(new ResourceType(
                    gv[0],
                    gv[1],
                    f[1],
                    f[2],
                    f[3].equals("ns"),
                    f[4].contains("s"),
                    f[4].contains("g"),
                    true,
                    f[5].equals("-") ? List.of() : Arrays.asList(f[5].split(","))));
        }
    }

    private void register(ResourceType type) {
        byGroupPlural.put(type.storageKey(), type);
    }

    /** The type a request names; the version is not checked (the fixture keeps one version of each type). */
    Optional<ResourceType> find(String group, String plural) {
        return Optional.ofNullable(byGroupPlural.get(group.isEmpty() ? plural : plural + "." + group));
    }

    java.util.Collection<ResourceType> all() {
        return List.copyOf(byGroupPlural.values());
    }

    ResourceType pods() {
        return byGroupPlural.get("pods");
    }

    ResourceType nodes() {
        return byGroupPlural.get("nodes");
    }

    ResourceType require(String group, String plural) {
        return find(group, plural).orElseThrow(() -> new IllegalStateException("unknown type " + plural));
    }

    /** Serves the custom resources a CustomResourceDefinition declares, from the moment it is stored. */
    void defineFromCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        String group = spec.path("group").asText();
        String plural = spec.path("names").path("plural").asText();
        List<JsonNode> served = new ArrayList<>();
        spec.path("versions").forEach(v -> {
            if (v.path("served").asBoolean(true)) {
                served.add(v);
            }
        });
        // one version per type here: the storage version wins, as it is registered last
        served.sort((a, b) ->
                Boolean.compare(a.path("storage").asBoolean(), b.path("storage").asBoolean()));
        for (JsonNode version : served) {
            List<String> subresources = new ArrayList<>();
            version.path("subresources").fieldNames().forEachRemaining(subresources::add);
            register(new ResourceType(
                    group,
                    version.path("name").asText(),
                    plural,
                    spec.path("names").path("kind").asText(),
                    spec.path("scope").asText("Namespaced").equals("Namespaced"),
                    subresources.contains("status"),
                    true,
                    false,
                    List.copyOf(subresources)));
        }
    }

    void forgetCrd(JsonNode crd) {
        JsonNode spec = crd.path("spec");
        byGroupPlural.remove(spec.path("names").path("plural").asText() + "."
                + spec.path("group").asText());
    }

    /** {@code /api}: the legacy group's versions. */
    ObjectNode coreVersions() {
        ObjectNode doc = JSON.objectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs");
        return doc;
    }

    /** {@code /apis}: every named group and its version. */
    ObjectNode groupList() {
        Map<String, String> groups = new LinkedHashMap<>();
        byGroupPlural.values().stream()
                .filter(t -> !t.group().isEmpty())
                .forEach(t -> groups.putIfAbsent(t.group(), t.version()));
        ObjectNode doc = JSON.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode list = doc.putArray("groups");
        groups.forEach((group, version) -> {
            ObjectNode g = list.addObject().put("name", group);
            ObjectNode gv =
                    JSON.objectNode().put("groupVersion", group + "/" + version).put("version", version);
            g.putArray("versions").add(gv);
            g.set("preferredVersion", gv.deepCopy());
        });
        return doc;
    }

    /** {@code /api/v1} or {@code /apis/<group>/<version>}: the resources of that group version, or empty. */
    Optional<ObjectNode> resourceList(String group, String version) {
        List<ResourceType> types = byGroupPlural.values().stream()
                .filter(t -> t.group().equals(group) && t.version().equals(version))
                .toList();
        if (types.isEmpty()) {
            return Optional.empty();
        }
        String groupVersion = group.isEmpty() ? version : group + "/" + version;
        ObjectNode doc = JSON.objectNode()
                .put("kind", "APIResourceList")
                .put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode resources = doc.putArray("resources");
        for (ResourceType t : types) {
            ObjectNode r = resources
                    .addObject()
                    .put("name", t.plural())
                    .put("singularName", t.kind().toLowerCase(Locale.ROOT))
                    .put("namespaced", t.namespaced())
                    .put("kind", t.kind());
            ArrayNode verbs = r.putArray("verbs");
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")
                    .forEach(verbs::add);
            for (String sub : t.subresources()) {
                ObjectNode s = resources
                        .addObject()
                        .put("name", t.plural() + "/" + sub)
                        .put("singularName", "")
                        .put("namespaced", t.namespaced())
                        .put("kind", subresourceKind(t, sub));
                s.putArray("verbs").add("get").add("create").add("update").add("patch");
            }
        }
        return Optional.of(doc);
    }

    private static String subresourceKind(ResourceType t, String sub) {
        return switch (sub) {
            case "exec" -> "PodExecOptions";
            case "attach" -> "PodAttachOptions";
            case "portforward" -> "PodPortForwardOptions";
            case "proxy" -> t.kind() + "ProxyOptions";
            case "binding" -> "Binding";
            case "eviction" -> "Eviction";
            case "token" -> "TokenRequest";
            case "scale" -> "Scale";
            default -> t.kind();
        };
    }
}
