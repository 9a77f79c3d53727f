package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 1: optimistic concurrency and the status subresource, as on the apiserver. */
class StatusSubresourceMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.POD_UPDATE_VALIDATION)
            .build();

    private static Node node(String name) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
    }

    private static Pod pod(String name) {
        return ClusterPods.pod(name, null).build();
    }

    @Test
    void stalePutOfNodeStatusIsAConflict() {
        KubernetesClient client = cluster.client();
        Node created = client.nodes().resource(node("n1")).create();
        client.nodes()
                .withName("n1")
                .edit(n -> new NodeBuilder(n)
                        .editMetadata()
                        .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                        .endMetadata()
                        .build());

        Node stale = new NodeBuilder(created)
                .editStatus()
                .editFirstCondition()
                .withStatus("False")
                .endCondition()
                .endStatus()
                .build();

        assertThatThrownBy(() -> client.nodes().resource(stale).updateStatus())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(409);
                    assertThat(e.getMessage()).contains("the object has been modified");
                });
        assertThat(client.nodes()
                        .withName("n1")
                        .get()
                        .getStatus()
                        .getConditions()
                        .get(0)
                        .getStatus())
                .isEqualTo("True");
    }

    @Test
    void stalePutOfTheMainResourceIsAConflict() {
        KubernetesClient client = cluster.client();
        Pod created = client.pods().resource(pod("p1")).create();
        client.pods()
                .withName("p1")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .addToLabels("team", "a")
                        .endMetadata()
                        .build());

        Pod stale = new PodBuilder(created)
                .editMetadata()
                .addToAnnotations("mine", "x")
                .endMetadata()
                .build();

        assertThatThrownBy(() -> client.pods().resource(stale).update())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.pods().withName("p1").get().getMetadata().getLabels()).containsEntry("team", "a");
    }

    @Test
    void putOfStatusChangesOnlyTheStatus() {
        KubernetesClient client = cluster.client();
        Pod created = client.pods().resource(pod("p2")).create();

        Pod sent = new PodBuilder(created)
                .editMetadata()
                .addToLabels("sneaky", "label")
                .endMetadata()
                .editSpec()
                .withActiveDeadlineSeconds(5L)
                .endSpec()
                .editOrNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        Pod written = client.pods().resource(sent).updateStatus();

        assertThat(written.getStatus().getPhase()).isEqualTo("Running");
        assertThat(written.getMetadata().getLabels()).doesNotContainKey("sneaky");
        assertThat(written.getSpec().getActiveDeadlineSeconds()).isNull();
        assertThat(Long.parseLong(written.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
    }

    @Test
    void putOfTheMainResourceNeverChangesTheStatus() {
        KubernetesClient client = cluster.client();
        client.nodes().resource(node("n2")).create();
        Node current = client.nodes().withName("n2").get();

        Node sent = new NodeBuilder(current)
                .editMetadata()
                .addToLabels("zone", "a")
                .endMetadata()
                .editStatus()
                .editFirstCondition()
                .withStatus("False")
                .endCondition()
                .endStatus()
                .build();
        Node written = client.nodes().resource(sent).update();

        assertThat(written.getMetadata().getLabels()).containsEntry("zone", "a");
        assertThat(written.getStatus().getConditions().get(0).getStatus()).isEqualTo("True");
    }

    @Test
    void aPodIsCreatedPendingWhateverStatusItCarries() {
        Pod sent = new PodBuilder(pod("p3"))
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();

        Pod created = cluster.client().pods().resource(sent).create();

        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aPodSpecIsImmutableButForItsImages() {
        KubernetesClient client = cluster.client();
        client.pods().resource(pod("p4")).create();

        Pod newImage = client.pods()
                .withName("p4")
                .edit(p -> new PodBuilder(p)
                        .editSpec()
                        .editFirstContainer()
                        .withImage("nginx:1.28")
                        .endContainer()
                        .endSpec()
                        .build());
        assertThat(newImage.getSpec().getContainers().get(0).getImage()).isEqualTo("nginx:1.28");

        assertThatThrownBy(() -> client.pods()
                        .withName("p4")
                        .edit(p -> new PodBuilder(p)
                                .editSpec()
                                .withNodeName("elsewhere")
                                .endSpec()
                                .build()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains("pod updates may not change fields");
                });
    }

    @Test
    void withTheBehaviourOffAStalePutOfStatusIsAcceptedAsOnTheMock() {
        try (RealisticCluster lenient =
                RealisticCluster.builder().only().build().start()) {
            KubernetesClient client = lenient.client();
            Node created = client.nodes().resource(node("n3")).create();
            client.nodes()
                    .withName("n3")
                    .edit(n -> new NodeBuilder(n)
                            .editMetadata()
                            .addToLabels("x", "y")
                            .endMetadata()
                            .build());

            Node written = client.nodes().resource(created).updateStatus();

            assertThat(written.getStatus().getConditions()).hasSize(1);
        }
    }
}
