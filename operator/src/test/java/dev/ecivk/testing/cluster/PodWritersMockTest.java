package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 4: another controller writes to Pods right after they are bound. */
class PodWritersMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.FOREIGN_POD_WRITES)
            .foreignPodWriteDelay(Duration.ofMillis(50))
            .build();

    private Pod createBound(String name) {
        return ClusterPods.create(cluster, ClusterPods.pod(name, "vk"));
    }

    private Pod awaitForeignWrites(String name) {
        KubernetesClient client = cluster.client();
        await().atMost(Duration.ofSeconds(2))
                .until(() -> client.pods().withName(name).get().getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals(ForeignWrites.CONDITION)));
        return client.pods().withName(name).get();
    }

    @Test
    void aBoundPodGetsALabelAnAnnotationAnOwnerAndACondition() {
        createBound("p1");

        Pod pod = awaitForeignWrites("p1");

        assertThat(pod.getMetadata().getLabels()).containsEntry(ForeignWrites.LABEL, ForeignWrites.VALUE);
        assertThat(pod.getMetadata().getAnnotations()).containsEntry(ForeignWrites.ANNOTATION, ForeignWrites.VALUE);
        assertThat(pod.getMetadata().getOwnerReferences())
                .extracting(OwnerReference::getKind, OwnerReference::getName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ConfigMap", ForeignWrites.OWNER_NAME));
        assertThat(pod.getStatus().getConditions())
                .extracting(PodCondition::getType, PodCondition::getStatus)
                .contains(org.assertj.core.groups.Tuple.tuple(ForeignWrites.CONDITION, "True"));
    }

    @Test
    void aComponentWritingBackThePodItReadEarlierConflictsOrClobbers() {
        Pod readEarly = createBound("p2");
        awaitForeignWrites("p2");
        KubernetesClient client = cluster.client();

        Pod withStatus = new PodBuilder(readEarly)
                .editOrNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
        assertThatThrownBy(() -> client.pods().resource(withStatus).updateStatus())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));

        Pod unconditional = new PodBuilder(withStatus)
                .editMetadata()
                .withResourceVersion(null)
                .endMetadata()
                .build();
        client.pods().resource(unconditional).updateStatus();
        assertThat(client.pods().withName("p2").get().getStatus().getConditions())
                .extracting(PodCondition::getType)
                .doesNotContain(ForeignWrites.CONDITION);
    }

    @Test
    void anUnboundPodIsLeftAlone() {
        ClusterPods.create(cluster, ClusterPods.pod("pending", null));
        createBound("marker");
        awaitForeignWrites("marker");

        assertThat(cluster.client()
                        .pods()
                        .withName("pending")
                        .get()
                        .getMetadata()
                        .getLabels())
                .doesNotContainKey(ForeignWrites.LABEL);
    }
}
