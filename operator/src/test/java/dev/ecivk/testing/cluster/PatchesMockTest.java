package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 2: JSON merge patch per RFC 7386 and strategic merge patch with Kubernetes' merge keys. */
class PatchesMockTest {
    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final PatchContext STRATEGIC = PatchContext.of(PatchType.STRATEGIC_MERGE);

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.STRATEGIC_MERGE_PATCH)
            .build();

    private Node node(String name) {
        KubernetesClient client = cluster.client();
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .addToLabels("keep", "me")
                        .endMetadata()
                        .withNewSpec()
                        .addNewTaint()
                        .withKey("a")
                        .withEffect("NoSchedule")
                        .endTaint()
                        .addNewTaint()
                        .withKey("b")
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .withNewStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus("True")
                        .withReason("KubeletReady")
                        .endCondition()
                        .addNewCondition()
                        .withType("KernelDeadlock")
                        .withStatus("False")
                        .endCondition()
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress("10.0.0.1")
                        .endAddress()
                        .addNewAddress()
                        .withType("Hostname")
                        .withAddress(name)
                        .endAddress()
                        .addToCapacity("cpu", new io.fabric8.kubernetes.api.model.Quantity("4"))
                        .addToCapacity("pods", new io.fabric8.kubernetes.api.model.Quantity("110"))
                        .endStatus()
                        .build())
                .create();
        return client.nodes().withName(name).get();
    }

    private static String condition(Node node, String type) {
        return node.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    @Test
    void mergePatchReplacesArraysAndNullDeletes() {
        node("n1");
        Node patched = cluster.client()
                .nodes()
                .withName("n1")
                .subresource("status")
                .patch(
                        MERGE,
                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
                                + "\"capacity\":{\"pods\":null}}}");

        assertThat(patched.getStatus().getConditions())
                .extracting(NodeCondition::getType)
                .containsExactly("Ready");
        assertThat(patched.getStatus().getCapacity()).containsOnlyKeys("cpu");
    }

    @Test
    void strategicMergePatchMergesConditionsByTypeAndKeepsAForeignOne() {
        node("n2");
        Node patched = cluster.client()
                .nodes()
                .withName("n2")
                .subresource("status")
                .patch(
                        STRATEGIC,
                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"False\"}],"
                                + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"10.0.0.2\"}]}}");

        assertThat(condition(patched, "Ready")).isEqualTo("False");
        assertThat(condition(patched, "KernelDeadlock")).isEqualTo("False");
        assertThat(patched.getStatus().getConditions().stream()
                        .filter(c -> c.getType().equals("Ready"))
                        .findFirst()
                        .orElseThrow()
                        .getReason())
                .isEqualTo("KubeletReady");
        assertThat(patched.getStatus().getAddresses())
                .extracting(NodeAddress::getType, NodeAddress::getAddress)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("InternalIP", "10.0.0.2"),
                        org.assertj.core.groups.Tuple.tuple("Hostname", "n2"));
    }

    @Test
    void strategicMergePatchAppliesTheDirectivesOfATwoWayMergePatch() {
        node("n3");
        // what a kubelet's two-way merge patch looks like when it drops the Hostname address and reorders
        Node patched =
                cluster.client().nodes().withName("n3").subresource("status").patch(STRATEGIC, """
                        {"status":{
                          "$setElementOrder/conditions":[{"type":"KernelDeadlock"},{"type":"Ready"}],
                          "$setElementOrder/addresses":[{"type":"InternalIP"}],
                          "addresses":[{"$patch":"delete","type":"Hostname"}],
                          "conditions":[{"type":"Ready","status":"True","message":"kubelet is posting ready status"}]
                        }}""");

        assertThat(patched.getStatus().getConditions())
                .extracting(NodeCondition::getType)
                .containsExactly("KernelDeadlock", "Ready");
        assertThat(patched.getStatus().getAddresses())
                .extracting(NodeAddress::getType)
                .containsExactly("InternalIP");
    }

    @Test
    void strategicMergePatchReplacesListsWithoutAMergeKeyAndMergesMaps() {
        node("n4");
        Node patched = cluster.client()
                .nodes()
                .withName("n4")
                .patch(
                        STRATEGIC,
                        "{\"metadata\":{\"labels\":{\"added\":\"yes\"}},"
                                + "\"spec\":{\"taints\":[{\"key\":\"c\",\"effect\":\"NoExecute\"}]}}");

        assertThat(patched.getMetadata().getLabels())
                .containsEntry("keep", "me")
                .containsEntry("added", "yes");
        assertThat(patched.getSpec().getTaints()).extracting(Taint::getKey).containsExactly("c");
    }

    @Test
    void aUidInThePatchBodyIsAPrecondition() {
        KubernetesClient client = cluster.client();
        Pod pod = ClusterPods.create(cluster, ClusterPods.pod("p1", null));
        String kubeletPatch = "{\"metadata\":{\"uid\":\"%s\"},\"status\":{\"$setElementOrder/conditions\":"
                + "[{\"type\":\"Ready\"}],\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
                + "\"podIPs\":[{\"ip\":\"10.1.0.7\"}]}}";

        assertThatThrownBy(() -> client.pods()
                        .withName("p1")
                        .subresource("status")
                        .patch(STRATEGIC, kubeletPatch.formatted("another-pods-uid")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("Precondition failed: UID in precondition");
                });

        Pod patched = client.pods()
                .withName("p1")
                .subresource("status")
                .patch(STRATEGIC, kubeletPatch.formatted(pod.getMetadata().getUid()));
        assertThat(patched.getStatus().getConditions())
                .extracting(PodCondition::getType)
                .containsExactly("Ready");
        assertThat(patched.getStatus().getPodIPs()).hasSize(1);
    }

    @Test
    void aStaleResourceVersionInAMergePatchIsAConflict() {
        Node node = node("n5");
        cluster.client().nodes().withName("n5").patch(MERGE, "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");

        assertThatThrownBy(() -> cluster.client()
                        .nodes()
                        .withName("n5")
                        .patch(
                                MERGE,
                                "{\"metadata\":{\"resourceVersion\":\""
                                        + node.getMetadata().getResourceVersion() + "\",\"labels\":{\"x\":\"2\"}}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void jsonPatchKeepsWorkingAndServerSideApplyIsRefused() {
        node("n6");
        Node patched = cluster.client()
                .nodes()
                .withName("n6")
                .patch(
                        PatchContext.of(PatchType.JSON),
                        "[{\"op\":\"add\",\"path\":\"/metadata/labels/j\",\"value\":\"p\"}]");
        assertThat(patched.getMetadata().getLabels()).containsEntry("j", "p");

        assertThatThrownBy(() -> cluster.client()
                        .nodes()
                        .withName("n6")
                        .patch(PatchContext.of(PatchType.SERVER_SIDE_APPLY), "{\"metadata\":{\"labels\":{}}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(415));
    }

    @Test
    void customResourcesTakeMergePatchButNotStrategicMergePatch() {
        KubernetesClient client = cluster.client();
        client.apiextensions()
                .v1()
                .customResourceDefinitions()
                .resource(new CustomResourceDefinitionBuilder()
                        .withNewMetadata()
                        .withName("widgets.example.com")
                        .endMetadata()
                        .withNewSpec()
                        .withGroup("example.com")
                        .withScope("Namespaced")
                        .withNewNames()
                        .withPlural("widgets")
                        .withKind("Widget")
                        .endNames()
                        .addNewVersion()
                        .withName("v1")
                        .withServed(true)
                        .withStorage(true)
                        .withNewSubresources()
                        .withNewStatus()
                        .endStatus()
                        .endSubresources()
                        .endVersion()
                        .endSpec()
                        .build())
                .create();
        var context = new ResourceDefinitionContext.Builder()
                .withGroup("example.com")
                .withVersion("v1")
                .withPlural("widgets")
                .withKind("Widget")
                .withNamespaced(true)
                .build();
        client.genericKubernetesResources(context)
                .resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("example.com/v1")
                        .withKind("Widget")
                        .withNewMetadata()
                        .withName("w")
                        .endMetadata()
                        .addToAdditionalProperties("spec", java.util.Map.of("size", 1))
                        .build())
                .create();

        var merged = client.genericKubernetesResources(context).withName("w").patch(MERGE, "{\"spec\":{\"size\":2}}");
        assertThat(merged.getAdditionalProperties().get("spec")).isEqualTo(java.util.Map.of("size", 2));
        assertThat(merged.getMetadata().getGeneration()).isEqualTo(2L);
        assertThatThrownBy(() -> client.genericKubernetesResources(context)
                        .withName("w")
                        .patch(STRATEGIC, "{\"spec\":{\"size\":3}}"))
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(415));
    }

    @Test
    void withTheBehaviourOffStrategicMergePatchIsUnsupportedAsOnTheMock() {
        try (RealisticCluster mockLike =
                RealisticCluster.builder().only().build().start()) {
            mockLike.client()
                    .nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName("n")
                            .endMetadata()
                            .build())
                    .create();
            assertThatThrownBy(() -> mockLike.client()
                            .nodes()
                            .withName("n")
                            .patch(STRATEGIC, "{\"metadata\":{\"labels\":{\"a\":\"b\"}}}"))
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(415));
        }
    }
}
