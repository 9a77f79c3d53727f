package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.testing.Pods;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour MANAGED_FIELDS: one entry per manager, operation and subresource, with the fields each one set. */
class ManagedFieldsMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.STRATEGIC_MERGE_PATCH, Behaviour.MANAGED_FIELDS)
            .build();

    private static PatchContext patch(PatchType type, String manager) {
        return new PatchContext.Builder()
                .withPatchType(type)
                .withFieldManager(manager)
                .build();
    }

    private static JsonNode fields(Pod pod, String manager, String subresource) {
        ManagedFieldsEntry entry = pod.getMetadata().getManagedFields().stream()
                .filter(e ->
                        e.getManager().equals(manager) && java.util.Objects.equals(e.getSubresource(), subresource))
                .findFirst()
                .orElseThrow();
        assertThat(entry.getOperation()).isEqualTo("Update");
        assertThat(entry.getFieldsType()).isEqualTo("FieldsV1");
        assertThat(entry.getTime()).isNotBlank();
        return JSON.valueToTree(entry.getFieldsV1());
    }

    @Test
    void createStatusPatchAndLabelEachRecordTheirManagerAndFields() {
        KubernetesClient client = cluster.client();
        Pod pod = Pods.bound("default", "tracked", "n1").build();
        String container = pod.getSpec().getContainers().get(0).getName();
        client.pods().resource(pod).create();

        Pod created = client.pods().withName("tracked").get();
        // the client's User-Agent names the creator; the status is the server's, so not in its set
        JsonNode creator = fields(created, "fabric8-kubernetes-client", null);
        assertThat(creator.path("f:spec")
                        .path("f:containers")
                        .path("k:{\"name\":\"" + container + "\"}")
                        .has("f:image"))
                .isTrue();
        assertThat(creator.path("f:spec").has("f:nodeName")).isTrue();
        assertThat(creator.has("f:status")).isFalse();
        assertThat(creator.path("f:metadata").has("f:uid")).isFalse();

        client.pods()
                .withName("tracked")
                .subresource("status")
                .patch(
                        patch(PatchType.STRATEGIC_MERGE, "kubelet"),
                        "{\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}");
        client.pods()
                .withName("tracked")
                .patch(patch(PatchType.JSON_MERGE, "labeller"), "{\"metadata\":{\"labels\":{\"app\":\"web\"}}}");

        Pod patched = client.pods().withName("tracked").get();
        assertThat(patched.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager, ManagedFieldsEntry::getSubresource)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("fabric8-kubernetes-client", null),
                        org.assertj.core.groups.Tuple.tuple("kubelet", "status"),
                        org.assertj.core.groups.Tuple.tuple("labeller", null));
        JsonNode kubelet = fields(patched, "kubelet", "status");
        assertThat(kubelet.path("f:status").has("f:phase")).isTrue();
        assertThat(kubelet.path("f:status")
                        .path("f:conditions")
                        .path("k:{\"type\":\"Ready\"}")
                        .has("f:status"))
                .isTrue();
        assertThat(kubelet.has("f:spec")).isFalse();
        List<String> labelFields = new java.util.ArrayList<>();
        fields(patched, "labeller", null)
                .path("f:metadata")
                .path("f:labels")
                .fieldNames()
                .forEachRemaining(labelFields::add);
        assertThat(labelFields).containsExactly("f:app"); // the map existed: only the key is the labeller's

        // a second status write by the same manager updates its entry rather than adding one
        client.pods()
                .withName("tracked")
                .subresource("status")
                .patch(patch(PatchType.STRATEGIC_MERGE, "kubelet"), "{\"status\":{\"podIP\":\"10.0.0.9\"}}");
        Pod again = client.pods().withName("tracked").get();
        assertThat(again.getMetadata().getManagedFields()).hasSize(3);
        assertThat(fields(again, "kubelet", "status").path("f:status").has("f:podIP"))
                .isTrue();
        assertThat(fields(again, "kubelet", "status").path("f:status").has("f:phase"))
                .isTrue();
    }

    @Test
    void aFieldAnotherManagerChangesLeavesTheFirstOnesSet() {
        KubernetesClient client = cluster.client();
        client.pods().resource(Pods.bound("default", "moved", "n1").build()).create();
        client.pods()
                .withName("moved")
                .patch(patch(PatchType.JSON_MERGE, "first"), "{\"metadata\":{\"labels\":{\"app\":\"a\"}}}");
        client.pods()
                .withName("moved")
                .patch(patch(PatchType.JSON_MERGE, "second"), "{\"metadata\":{\"labels\":{\"app\":\"b\"}}}");

        Pod pod = client.pods().withName("moved").get();
        assertThat(pod.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getManager)
                .contains("second")
                .doesNotContain("first");
    }
}
