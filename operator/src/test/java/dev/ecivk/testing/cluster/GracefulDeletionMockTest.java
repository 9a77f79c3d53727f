package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 6: graceful deletion of bound Pods, preconditions, finalizers, and the garbage collector. */
class GracefulDeletionMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(Behaviour.STATUS_SUBRESOURCE, Behaviour.GRACEFUL_DELETION, Behaviour.GARBAGE_COLLECTION)
            .build();

    private Pod pod(String name, String node, Long grace, String... finalizers) {
        return ClusterPods.create(
                cluster,
                ClusterPods.pod(name, node)
                        .editMetadata()
                        .withFinalizers(finalizers)
                        .endMetadata()
                        .editSpec()
                        .withTerminationGracePeriodSeconds(grace)
                        .endSpec());
    }

    private RawApi.Answer deleteNow(String name, String uid) {
        return RawApi.send(
                cluster.client(),
                "DELETE",
                "/api/v1/namespaces/default/pods/" + name,
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"gracePeriodSeconds\":0,"
                        + "\"preconditions\":{\"uid\":\"" + uid + "\"}}");
    }

    private Pod get(String name) {
        return cluster.client().pods().withName(name).get();
    }

    @Test
    void aGracefulDeleteKeepsTheBoundPodUntilAGraceZeroDeleteWithTheRightUid() {
        KubernetesClient client = cluster.client();
        Pod created = pod("web", "vk", null);
        List<String> events = new CopyOnWriteArrayList<>();
        try (var watch = client.pods().withName("web").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                events.add(action.name());
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            Instant before = Instant.now();
            client.pods().withName("web").delete();

            Pod marked = get("web");
            assertThat(marked).isNotNull();
            assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
            assertThat(Instant.parse(marked.getMetadata().getDeletionTimestamp()))
                    .isAfter(before.plusSeconds(28));
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("MODIFIED"));

            RawApi.Answer wrongUid = deleteNow("web", "0000-not-this-pod");
            assertThat(wrongUid.code()).isEqualTo(409);
            assertThat(wrongUid.body()).contains("Precondition failed: UID in precondition");
            assertThat(get("web")).isNotNull();

            assertThat(deleteNow("web", created.getMetadata().getUid()).code()).isEqualTo(200);
            assertThat(get("web")).isNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("DELETED"));
        }
    }

    @Test
    void theGracePeriodComesFromTheRequestElseThePodAndOnlyShortens() {
        pod("own-grace", "vk", 5L);
        cluster.client().pods().withName("own-grace").delete();
        assertThat(get("own-grace").getMetadata().getDeletionGracePeriodSeconds())
                .isEqualTo(5L);

        pod("asked", "vk", 60L);
        cluster.client().pods().withName("asked").withGracePeriod(20).delete();
        assertThat(get("asked").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);
        cluster.client().pods().withName("asked").withGracePeriod(45).delete();
        assertThat(get("asked").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(20L);
        cluster.client().pods().withName("asked").withGracePeriod(3).delete();
        assertThat(get("asked").getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(3L);
    }

    @Test
    void anUnboundPodGoesAtOnce() {
        pod("pending", null, null);

        cluster.client().pods().withName("pending").delete();

        assertThat(get("pending")).isNull();
    }

    @Test
    void finalizersHoldAPodDeletedWithGraceZeroUntilTheLastOneIsRemoved() {
        Pod created = pod("held", "vk", null, "example.com/hold");

        assertThat(deleteNow("held", created.getMetadata().getUid()).code()).isEqualTo(200);
        Pod marked = get("held");
        assertThat(marked.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(marked.getMetadata().getDeletionGracePeriodSeconds()).isZero();

        cluster.client()
                .pods()
                .withName("held")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .withFinalizers(List.of())
                        .endMetadata()
                        .build());
        assertThat(get("held")).isNull();
    }

    @Test
    void aDeletedNodesLeaseIsGarbageCollected() {
        KubernetesClient client = cluster.client();
        var node = client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("gone")
                        .endMetadata()
                        .build())
                .create();
        var leases = client.leases().inNamespace("kube-node-lease");
        leases.resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("gone")
                        .addNewOwnerReference()
                        .withApiVersion("v1")
                        .withKind("Node")
                        .withName("gone")
                        .withUid(node.getMetadata().getUid())
                        .endOwnerReference()
                        .endMetadata()
                        .build())
                .create();
        leases.resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("unowned")
                        .endMetadata()
                        .build())
                .create();

        client.nodes().withName("gone").delete();

        await().atMost(Duration.ofSeconds(5))
                .until(() -> leases.withName("gone").get() == null);
        assertThat(leases.list().getItems())
                .extracting(Lease::getMetadata)
                .extracting(m -> m.getName())
                .containsExactly("unowned");
    }

    @Test
    void withTheBehaviourOffABoundPodGoesAtOnceAsOnTheMock() {
        try (RealisticCluster mockLike =
                RealisticCluster.builder().only().build().start()) {
            ClusterPods.create(mockLike, ClusterPods.pod("p", "vk"));
            mockLike.client().pods().withName("p").delete();
            assertThat(mockLike.client().pods().withName("p").get()).isNull();
        }
    }
}
