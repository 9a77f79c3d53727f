package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 5: field selectors for list and watch, and set-based label selectors. */
class FieldSelectorsMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().only(Behaviour.FIELD_SELECTORS).build();

    private void pod(String name, String node, String tier) {
        ClusterPods.create(
                cluster,
                ClusterPods.pod(name, node)
                        .editMetadata()
                        .addToLabels("tier", tier)
                        .endMetadata());
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    @Test
    void listsHonourSpecNodeNameEqualityAndInequality() {
        pod("a1", "node-a", "web");
        pod("b1", "node-b", "web");
        pod("u1", null, "db");
        KubernetesClient client = cluster.client();

        assertThat(names(client.pods()
                        .withField("spec.nodeName", "node-a")
                        .list()
                        .getItems()))
                .containsExactly("a1");
        assertThat(names(client.pods().withoutField("spec.nodeName", "").list().getItems()))
                .containsExactly("a1", "b1");
        assertThat(names(client.pods().withField("spec.nodeName", "").list().getItems()))
                .containsExactly("u1");
        assertThat(names(client.pods()
                        .inAnyNamespace()
                        .withField("spec.nodeName", "node-b")
                        .withLabel("tier", "web")
                        .list()
                        .getItems()))
                .containsExactly("b1");
    }

    @Test
    void anInformerWithAFieldSelectorSeesOnlyItsNodesPods() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        try (var informer = cluster.client()
                .pods()
                .withField("spec.nodeName", "node-a")
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        seen.add("add " + pod.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(Pod old, Pod pod) {}

                    @Override
                    public void onDelete(Pod pod, boolean unknown) {
                        seen.add("delete " + pod.getMetadata().getName());
                    }
                })) {
            pod("mine", "node-a", "web");
            pod("theirs", "node-b", "web");
            pod("marker", "node-a", "web");
            cluster.client().pods().withName("mine").delete();

            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(seen).contains("add marker", "delete mine"));
            assertThat(seen).containsExactlyInAnyOrder("add mine", "add marker", "delete mine");
            assertThat(informer.getStore().list())
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly("marker");
        }
    }

    @Test
    void eventsAreSelectedByTheirInvolvedObject() {
        KubernetesClient client = cluster.client();
        for (String pod : List.of("x", "y")) {
            client.v1()
                    .events()
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withGenerateName(pod + ".")
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withKind("Pod")
                            .withName(pod)
                            .withNamespace("default")
                            .endInvolvedObject()
                            .withReason("Scheduled")
                            .withType("Normal")
                            .build())
                    .create();
        }

        var selected = client.v1()
                .events()
                .withField("involvedObject.name", "y")
                .withField("involvedObject.kind", "Pod")
                .list()
                .getItems();

        assertThat(selected).hasSize(1);
        assertThat(selected.get(0).getMetadata().getName()).startsWith("y.").hasSize("y.".length() + 5);
    }

    @Test
    void setBasedLabelSelectorsWork() {
        pod("w", "n", "web");
        pod("d", "n", "db");
        pod("c", "n", "cache");

        assertThat(names(cluster.client()
                        .pods()
                        .withLabelIn("tier", "web", "db")
                        .list()
                        .getItems()))
                .containsExactly("d", "w");
        assertThat(names(cluster.client()
                        .pods()
                        .withLabelNotIn("tier", "web", "db")
                        .list()
                        .getItems()))
                .containsExactly("c");
    }

    @Test
    void anUnsupportedFieldLabelIsABadRequest() {
        assertThatThrownBy(() -> cluster.client()
                        .pods()
                        .withField("spec.containers", "x")
                        .list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("field label not supported: spec.containers");
                });
    }
}
