package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.cloud.PriceBook;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.StatusTranslatorTest;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods first: a running Pod's price is neither asked for nor written while the node's Pods are on their way. */
class PodCostsMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces("team-a").build();

    KubernetesClient client;

    @Test
    void aPriceWaitsWhilePodsAreOnTheirWayAndIsWrittenOnceTheyAreNot() {
        AtomicInteger onTheirWay = new AtomicInteger(8);
        PodsFirst podsFirst = new PodsFirst(onTheirWay::get, 8, Duration.ofMinutes(5));
        Pod pod =
                client.pods().resource(Pods.boundPod("team-a", "web-0", "vk-1")).create();
        try (EmbeddedEci eci = EmbeddedEci.start();
                QueuedPodEvents events =
                        new QueuedPodEvents(new EventRecorder(client, "ecivk", "vk-1"), "vk-1", podsFirst, () -> {});
                PodCosts costs = new PodCosts(
                        client,
                        new PriceBook(eci.provider(), Duration.ofMinutes(10), Clock.systemUTC()),
                        events,
                        podsFirst,
                        "vk-1",
                        Clock.systemUTC())) {
            costs.running(pod, StatusTranslatorTest.group("Running", "10.0.0.1", List.of()));

            // the pricing thread has taken it and waits: no quote asked for, nothing written
            await().atMost(Duration.ofSeconds(10)).until(() -> podsFirst.waiting() == 1);
            assertThat(eci.simulator().counters().calls("DescribeContainerGroupPrice"))
                    .isZero();
            assertThat(annotations()).doesNotContainKey(PodCosts.PRICE);

            onTheirWay.set(7); // below the threshold: the node is no longer busy

            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(annotations().get(PodCosts.PRICE))
                            .isNotNull()
                            .endsWith(" CNY"));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(reasons()).containsExactly("ContainerGroupPriced"));
            assertThat(eci.simulator().counters().calls("DescribeContainerGroupPrice"))
                    .isEqualTo(1);
        }
    }

    private Map<String, String> annotations() {
        Map<String, String> a = client.pods()
                .inNamespace("team-a")
                .withName("web-0")
                .get()
                .getMetadata()
                .getAnnotations();
        return a == null ? Map.of() : a;
    }

    private List<String> reasons() {
        return client.v1().events().inNamespace("team-a").list().getItems().stream()
                .map(Event::getReason)
                .toList();
    }
}
