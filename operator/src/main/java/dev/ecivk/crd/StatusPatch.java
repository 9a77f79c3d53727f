package dev.ecivk.crd;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * Replaces the whole status of one of our cluster-scoped objects with one JSON patch {@code add /status} (RFC 6902:
 * add replaces an existing member). It needs no resourceVersion and is neither SSA nor a merge patch, so it behaves
 * the same on a real apiserver and on the fabric8 mock server (which has no SSA and appends arrays on merge patch,
 * which would duplicate conditions).
 */
public final class StatusPatch {
    private StatusPatch() {}

    public static <T extends HasMetadata> void replace(
            KubernetesClient client, Class<T> type, String name, Object status) {
        String value = client.getKubernetesSerialization().asJson(status);
        client.resources(type)
                .withName(name)
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/status\",\"value\":" + value + "}]");
    }
}
