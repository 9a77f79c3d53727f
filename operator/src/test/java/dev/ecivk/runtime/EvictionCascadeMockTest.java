package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The eviction cascade: the controller is down longer than the eviction timeout, so Kubernetes evicts (deletes) the
 * node's Pods. Here the test plays the node lifecycle controller and evicts half of them while the controller is
 * away. When it returns, the evicted Pods' groups are collected (they would keep billing), and no group whose Pod
 * still exists with the same UID is touched — those Pods keep running on the groups they had.
 */
class EvictionCascadeMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-eviction";
    KubernetesClient client;
    EmbeddedEci eci;
    TestController controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    private List<ContainerGroupState> liveGroups() throws Exception {
        return eci.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, NODE))).stream()
                .filter(g -> !g.isTerminal())
                .toList();
    }

    private long running() {
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .count();
    }

    @Test
    void evictedPodsLoseTheirGroupsAndSurvivorsKeepThem() throws Exception {
        eci = EmbeddedEci.start(s -> s.quotaScale(0), p -> p.withRateLimit(0, Duration.ZERO));
        controller = TestController.start(client, eci, NODE);
        IntStream.range(0, 20)
                .forEach(i -> client.pods()
                        .inNamespace("default")
                        .resource(Pods.boundPod("default", "web-" + i, NODE))
                        .create());
        await().atMost(Duration.ofSeconds(30)).until(() -> running() == 20);
        Map<String, String> groupByUid = liveGroups().stream()
                .collect(Collectors.toMap(g -> g.tags().get(OwnershipTags.UID), ContainerGroupState::id));
        assertThat(groupByUid).hasSize(20);

        controller.close(); // down longer than the eviction timeout
        controller = null;
        List<Pod> evicted = client.pods().inNamespace("default").list().getItems().stream()
                .filter(p -> Integer.parseInt(p.getMetadata().getName().substring(4)) % 2 == 0)
                .toList();
        evicted.forEach(p -> client.pods().inNamespace("default").resource(p).delete());
        Set<String> evictedUids =
                evicted.stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        // nothing deletes groups while the controller is away
        assertThat(liveGroups()).hasSize(20);

        controller = TestController.start(client, eci, NODE);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            controller.collectOrphans();
            return liveGroups().size() == 10;
        });
        List<ContainerGroupState> left = liveGroups();
        assertThat(left).noneMatch(g -> evictedUids.contains(g.tags().get(OwnershipTags.UID)));
        // survivors keep exactly the groups they had: adopted, never re-created
        assertThat(left)
                .allSatisfy(g -> assertThat(groupByUid.get(g.tags().get(OwnershipTags.UID)))
                        .isEqualTo(g.id()));
        assertThat(eci.simulator().counters().creates()).isEqualTo(20);
        assertThat(running()).isEqualTo(10);
    }
}
