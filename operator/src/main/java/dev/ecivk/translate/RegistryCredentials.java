package dev.ecivk.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * imagePullSecrets → ImageRegistryCredential: the registries of {@code kubernetes.io/dockerconfigjson} and
 * {@code kubernetes.io/dockercfg} Secrets, server without scheme, first login per server wins. A missing Secret is a
 * warning, as for the kubelet (the pull is tried without it).
 */
final class RegistryCredentials {

    static final String DOCKER_CONFIG_JSON = "kubernetes.io/dockerconfigjson";
    static final String DOCKER_CFG = "kubernetes.io/dockercfg";

    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryCredentials() {}

    static List<RegistryCredential> of(PodView pod, Findings findings) {
        Map<String, RegistryCredential> byServer = new LinkedHashMap<>();
        List<LocalObjectReference> refs = pod.spec().getImagePullSecrets();
        if (refs == null) {
            return List.of();
        }
        for (LocalObjectReference ref : refs) {
            if (ref == null || ref.getName() == null || ref.getName().isEmpty()) {
                continue;
            }
            Secret secret = pod.refs().secrets().get(ref.getName());
            if (secret == null) {
                findings.warn(
                        WarningReason.FailedToRetrieveImagePullSecret,
                        "pod: imagePullSecret \"" + ref.getName() + "\" was not found; images are pulled without it");
                continue;
            }
            Map<String, String> data = SecretData.strings(secret);
            JsonNode auths;
            try {
                if (DOCKER_CONFIG_JSON.equals(secret.getType()) && data.containsKey(".dockerconfigjson")) {
                    auths = JSON.readTree(data.get(".dockerconfigjson")).path("auths");
                } else if (DOCKER_CFG.equals(secret.getType()) && data.containsKey(".dockercfg")) {
                    auths = JSON.readTree(data.get(".dockercfg"));
                } else {
                    findings.warn(
                            WarningReason.InvalidImagePullSecret,
                            "pod: imagePullSecret \"" + ref.getName() + "\" is of type " + secret.getType() + ", not "
                                    + DOCKER_CONFIG_JSON + " or " + DOCKER_CFG + "; it is ignored");
                    continue;
                }
            } catch (IOException e) {
                // The parser's message could quote the secret, so it is not repeated.
                findings.warn(
                        WarningReason.InvalidImagePullSecret,
                        "pod: imagePullSecret \"" + ref.getName() + "\" does not hold valid JSON; it is ignored");
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                RegistryCredential c = credential(e.getKey(), e.getValue());
                if (c == null) {
                    findings.warn(
                            WarningReason.InvalidImagePullSecret,
                            "pod: imagePullSecret \"" + ref.getName() + "\" has no username/password for "
                                    + server(e.getKey()) + "; that entry is ignored");
                } else {
                    byServer.putIfAbsent(c.server(), c);
                }
            }
        }
        if (byServer.size() > EciLimits.MAX_REGISTRY_CREDENTIALS) {
            findings.problem("pod: imagePullSecrets name " + byServer.size() + " registries, ECI allows at most "
                    + EciLimits.MAX_REGISTRY_CREDENTIALS + " registry credentials");
        }
        return new ArrayList<>(byServer.values());
    }

    private static RegistryCredential credential(String registry, JsonNode entry) {
        String user = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if ((user.isEmpty() || password.isEmpty()) && entry.hasNonNull("auth")) {
            String decoded = SecretData.decode(entry.get("auth").asText());
            int colon = decoded.indexOf(':');
            if (colon > 0) {
                user = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
        }
        if (user.isEmpty() || password.isEmpty()) {
            return null;
        }
        return new RegistryCredential(server(registry), user, password);
    }

    /** {@code https://index.docker.io/v1/} → {@code index.docker.io}: ECI wants a bare host[:port][/path]. */
    static String server(String registry) {
        String s = registry.trim().replaceFirst("^[a-zA-Z]+://", "");
        s = s.replaceFirst("/v[12]/?$", "");
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
