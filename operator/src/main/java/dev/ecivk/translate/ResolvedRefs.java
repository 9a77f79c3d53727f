package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Map;

/**
 * What the reconciler resolved from the apiserver for one Pod. ConfigMaps and Secrets are keyed by name (the
 * Pod's namespace is implied). {@code serviceAccountTokens} is keyed by {@code <volume name>/<path>} of each
 * projected serviceAccountToken source. {@code services} feeds the service-link environment variables.
 */
public record ResolvedRefs(
        Map<String, ConfigMap> configMaps,
        Map<String, Secret> secrets,
        Map<String, String> serviceAccountTokens,
        List<Service> services) {

    public ResolvedRefs {
        configMaps = configMaps == null ? Map.of() : Map.copyOf(configMaps);
        secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        serviceAccountTokens = serviceAccountTokens == null ? Map.of() : Map.copyOf(serviceAccountTokens);
        services = services == null ? List.of() : List.copyOf(services);
    }

    public static ResolvedRefs none() {
        return new ResolvedRefs(Map.of(), Map.of(), Map.of(), List.of());
    }

    /** The key of a service-account token in {@link #serviceAccountTokens()}. */
    public static String tokenKey(String volumeName, String path) {
        return volumeName + "/" + path;
    }

    /** Never prints secret material. */
    @Override
    public String toString() {
        return "ResolvedRefs[configMaps=" + configMaps.keySet() + ", secrets=" + secrets.keySet() + ", tokens="
                + serviceAccountTokens.keySet() + ", services=" + services.size() + "]";
    }
}
