package dev.ecivk.agent.gateway.secrets;

import dev.ecivk.agent.gateway.SpecStore;
import dev.ecivk.agent.protocol.Wire;
import dev.ecivk.provider.model.ContainerGroupSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Pod specs waiting for their agents, one Secret each ({@code ecivk-vm-spec-<uid>}) in the controller's namespace:
 * they carry the Pod's resolved Secrets, and must survive a controller restart while the VM boots. Removed when the
 * Pod's VM is torn down; the orphan collector's teardown removes the leftovers of Pods deleted while the controller
 * was down.
 */
public final class SecretSpecStore implements SpecStore {
    static final String PREFIX = "ecivk-vm-spec-";
    static final String KEY = "spec.json";

    private final KubernetesClient client;
    private final String namespace;

    public SecretSpecStore(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    @Override
    public void put(String podUid, ContainerGroupSpec spec) throws IOException {
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(PREFIX + podUid)
                .addToLabels("app.kubernetes.io/managed-by", "ecivk")
                .addToLabels("app.kubernetes.io/component", "vm-pod-spec")
                .endMetadata()
                .withType("Opaque")
                .addToData(KEY, Base64.getEncoder().encodeToString(Wire.JSON.writeValueAsBytes(spec)))
                .build();
        try {
            client.secrets().inNamespace(namespace).resource(secret).createOr(NonDeletingOperation::update);
        } catch (KubernetesClientException e) {
            throw new IOException("Secret " + namespace + "/" + PREFIX + podUid + ": " + e.getCode(), e);
        }
    }

    @Override
    public Optional<ContainerGroupSpec> get(String podUid) throws IOException {
        Secret secret;
        try {
            secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(PREFIX + podUid)
                    .get();
        } catch (KubernetesClientException e) {
            throw new IOException("Secret " + namespace + "/" + PREFIX + podUid + ": " + e.getCode(), e);
        }
        if (secret == null || secret.getData() == null || !secret.getData().containsKey(KEY)) {
            return Optional.empty();
        }
        return Optional.of(
                Wire.JSON.readValue(Base64.getDecoder().decode(secret.getData().get(KEY)), ContainerGroupSpec.class));
    }

    @Override
    public void remove(String podUid) throws IOException {
        try {
            client.secrets().inNamespace(namespace).withName(PREFIX + podUid).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw new IOException("Secret " + namespace + "/" + PREFIX + podUid + ": " + e.getCode(), e);
            }
        }
    }
}
