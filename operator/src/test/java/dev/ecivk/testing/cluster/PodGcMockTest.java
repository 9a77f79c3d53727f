package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 10: Pods bound to a Node that is gone are deleted after the quarantine delay. */
class PodGcMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.GRACEFUL_DELETION, Behaviour.POD_GC)
            .podGcDelay(Duration.ofMillis(300))
            .build();

    private void pod(String name, String node) {
        ClusterPods.create(cluster, ClusterPods.pod(name, node));
    }

    @Test
    void podsOfADeletedNodeAreCollectedAndOthersKept() {
        KubernetesClient client = cluster.client();
        for (String node : new String[] {"gone", "staying"}) {
            client.nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName(node)
                            .endMetadata()
                            .build())
                    .create();
        }
        pod("orphan", "gone");
        pod("kept", "staying");

        client.nodes().withName("gone").delete();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.pods().withName("orphan").get() == null);
        assertThat(client.pods().withName("kept").get()).isNotNull();
    }

    @Test
    void aPodBoundToANodeThatNeverExistedIsCollectedToo() {
        pod("nowhere", "never-registered");

        await().atMost(Duration.ofSeconds(5))
                .until(() -> cluster.client().pods().withName("nowhere").get() == null);
    }
}
