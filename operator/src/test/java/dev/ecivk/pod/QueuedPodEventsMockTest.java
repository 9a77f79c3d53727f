package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods before their Events: an Event waits while the node's Pods are on their way, at most for the deferral. */
class QueuedPodEventsMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces("team-a").build();

    KubernetesClient client;

    private final AtomicBoolean busy = new AtomicBoolean();
    private final AtomicInteger dropped = new AtomicInteger();
    private Pod pod;
    private QueuedPodEvents events;
    private PodsFirst podsFirst;

    @BeforeEach
    void setUp() {
        pod = client.pods().resource(Pods.boundPod("team-a", "web-0", "vk-1")).create();
    }

    @AfterEach
    void tearDown() {
        if (events != null) {
            events.close();
        }
    }

    private QueuedPodEvents events(Duration maxDeferral) {
        podsFirst = new PodsFirst(() -> busy.get() ? 1 : 0, 1, maxDeferral);
        events = new QueuedPodEvents(
                new EventRecorder(client, "ecivk", "vk-1"), "vk-1", podsFirst, dropped::incrementAndGet);
        return events;
    }

    private List<String> reasons() {
        return client.v1().events().inNamespace("team-a").list().getItems().stream()
                .map(Event::getReason)
                .sorted()
                .toList();
    }

    @Test
    void aQuietNodeWritesAtOnce() {
        events(Duration.ofMinutes(5)).record(pod, EventReason.ProviderCreateSuccess, "created");

        await().atMost(Duration.ofSeconds(10)).until(() -> reasons().equals(List.of("ProviderCreateSuccess")));
    }

    @Test
    void aBusyNodeHoldsItsEventsUntilItQuiets() {
        busy.set(true);
        QueuedPodEvents sink = events(Duration.ofMinutes(5));
        sink.record(pod, EventReason.ProviderCreateSuccess, "created");
        sink.forward(
                pod,
                new GroupEvent(
                        "Normal", "Pulling", "Pulling image \"nginx\"", "nginx", 1, Instant.now(), Instant.now()));
        // the writers have taken both and wait: nothing is written while the node stays busy
        await().atMost(Duration.ofSeconds(10)).until(() -> podsFirst.waiting() == 2);
        assertThat(reasons()).isEmpty();

        busy.set(false);

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(reasons()).containsExactly("ProviderCreateSuccess", "Pulling"));
        assertThat(dropped).hasValue(0);
    }

    @Test
    void aNodeBusyForLongerThanTheDeferralWritesThemAnyway() {
        busy.set(true);
        long start = System.nanoTime();
        Instant recordedBefore = Instant.now();
        events(Duration.ofMillis(1500)).record(pod, EventReason.ProviderCreateSuccess, "created");

        await().atMost(Duration.ofSeconds(10)).until(() -> reasons().equals(List.of("ProviderCreateSuccess")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        // it says when it happened, not when it was written (1.5 s later; the timestamp has whole seconds)
        Event written =
                client.v1().events().inNamespace("team-a").list().getItems().get(0);
        assertThat(Instant.parse(written.getLastTimestamp())).isBefore(recordedBefore.plusMillis(500));
    }
}
