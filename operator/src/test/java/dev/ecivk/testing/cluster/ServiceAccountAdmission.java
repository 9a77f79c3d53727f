package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The ServiceAccount admission plugin on Pod create: {@code serviceAccountName: default} when empty (403 when the
 * account does not exist), and unless the Pod or its account opts out with {@code automountServiceAccountToken:
 * false}, the projected volume {@code kube-api-access-<5 random>} — a bound token ({@code token}, 3607 s), the
 * {@code kube-root-ca.crt} ConfigMap's {@code ca.crt} and the namespace from the downward API, plus the platform's
 * extra CA bundle when {@link Behaviour#PLATFORM_CA_BUNDLE} is on — mounted read-only in every container.
 */
final class ServiceAccountAdmission implements ObjectWrites.Admission {
    static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    static final String VOLUME_PREFIX = "kube-api-access-";
    static final String ROOT_CA = "kube-root-ca.crt";
    static final String SERVICE_CA = "openshift-service-ca.crt";

    private final ObjectStore store;
    private final ResourceType serviceAccounts;
    private final ClusterSettings settings;

    ServiceAccountAdmission(ObjectStore store, ResourceTypes types, ClusterSettings settings) {
        this.store = store;
        this.serviceAccounts = types.require("", "serviceaccounts");
        this.settings = settings;
    }

    @Override
    public void admit(ResourceType type, ObjectNode pod) {
        if (!type.isPods()) {
            return;
        }
        ObjectNode spec = pod.with("spec");
        String account = spec.path("serviceAccountName")
                .asText(spec.path("serviceAccount").asText(""));
        if (account.isEmpty()) {
            account = "default";
        }
        spec.put("serviceAccountName", account).put("serviceAccount", account);
        String namespace = pod.path("metadata").path("namespace").asText();
        Optional<StoredObject> sa = store.get(serviceAccounts, namespace, account);
        if (sa.isEmpty() && settings.on(Behaviour.NAMESPACE_LIFECYCLE)) {
            throw ApiException.forbidden(
                    type,
                    pod.path("metadata").path("name").asText(),
                    "error looking up service account " + namespace + "/" + account + ": serviceaccount \"" + account
                            + "\" not found");
        }
        boolean automount = spec.has("automountServiceAccountToken")
                ? spec.get("automountServiceAccountToken").asBoolean()
                : sa.map(a -> a.object().path("automountServiceAccountToken").asBoolean(true))
                        .orElse(true);
        if (!automount) {
            return;
        }
        String volume = VOLUME_PREFIX + ObjectWrites.randomSuffix();
        boolean mounted = false;
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : spec.path(list)) {
                mounted |= mount((ObjectNode) container, volume);
            }
        }
        if (mounted) {
            spec.withArray("volumes").add(projectedVolume(volume));
        }
    }

    private static boolean mount(ObjectNode container, String volume) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (MOUNT_PATH.equals(m.path("mountPath").asText())) {
                return false;
            }
        }
        container
                .withArray("volumeMounts")
                .addObject()
                .put("name", volume)
                .put("readOnly", true)
                .put("mountPath", MOUNT_PATH);
        return true;
    }

    private ObjectNode projectedVolume(String name) {
        ObjectNode volume = StoredObject.MAPPER.createObjectNode().put("name", name);
        ObjectNode projected = volume.putObject("projected").put("defaultMode", 420);
        ArrayNode sources = projected.putArray("sources");
        sources.addObject()
                .putObject("serviceAccountToken")
                .put("expirationSeconds", 3607)
                .put("path", "token");
        configMapItem(sources, ROOT_CA, "ca.crt");
        ObjectNode item =
                sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        item.putObject("fieldRef").put("apiVersion", "v1").put("fieldPath", "metadata.namespace");
        item.put("path", "namespace");
        if (settings.on(Behaviour.PLATFORM_CA_BUNDLE)) {
            configMapItem(sources, SERVICE_CA, "service-ca.crt");
        }
        return volume;
    }

    private static void configMapItem(ArrayNode sources, String configMap, String key) {
        ObjectNode cm = sources.addObject().putObject("configMap").put("name", configMap);
        cm.putArray("items").addObject().put("key", key).put("path", key);
    }
}
