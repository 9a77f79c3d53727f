package dev.ecivk.agent.gateway.secrets;

import dev.ecivk.agent.gateway.GatewayKeys;
import dev.ecivk.kubeletapi.ServingIdentity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * The agent gateway's keys in a Secret the controller owns: the certificate agents pin (in every running VM's user
 * data) and the key of their credentials must outlive a controller restart. Created on first start; a concurrent
 * creation by another replica (409) is resolved by reading theirs.
 */
public final class AgentGatewaySecret {
    static final String CERTIFICATE = "tls.crt";
    static final String KEY = "tls.key";
    static final String TOKEN_KEY = "agent-token.key";

    private AgentGatewaySecret() {}

    public static GatewayKeys loadOrCreate(KubernetesClient client, String namespace, String name, Clock clock) {
        for (int attempt = 0; ; attempt++) {
            Secret existing =
                    client.secrets().inNamespace(namespace).withName(name).get();
            if (existing != null) {
                return read(existing);
            }
            GatewayKeys fresh = GatewayKeys.generate(name, clock.instant());
            try {
                client.secrets()
                        .inNamespace(namespace)
                        .resource(secret(namespace, name, fresh))
                        .create();
                return fresh;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 2) {
                    throw e;
                }
            }
        }
    }

    static GatewayKeys read(Secret secret) {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        String where =
                secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
        for (String key : new String[] {CERTIFICATE, KEY, TOKEN_KEY}) {
            if (!data.containsKey(key)) {
                throw new IllegalStateException("Secret " + where + " has no " + key + "; delete it to start afresh"
                        + " (running VMs' agents then cannot report until they are replaced)");
            }
        }
        try {
            ServingIdentity identity = ServingIdentity.fromPem(decode(data.get(CERTIFICATE)), decode(data.get(KEY)));
            return new GatewayKeys(identity, Base64.getDecoder().decode(data.get(TOKEN_KEY)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("Secret " + where + " does not hold a readable gateway identity", e);
        }
    }

    static Secret secret(String namespace, String name, GatewayKeys keys) {
        return new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels("app.kubernetes.io/managed-by", "ecivk")
                .addToLabels("app.kubernetes.io/component", "agent-gateway")
                .endMetadata()
                .withType("Opaque")
                .addToData(CERTIFICATE, encode(keys.identity().certificatePem()))
                .addToData(KEY, encode(keys.identity().keyPem()))
                .addToData(TOKEN_KEY, Base64.getEncoder().encodeToString(keys.tokenKey()))
                .build();
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
