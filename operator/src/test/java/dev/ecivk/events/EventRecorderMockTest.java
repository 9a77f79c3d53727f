package dev.ecivk.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ecivk.logging.Redactor;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.Meters;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.testing.CapturingAppender;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.SecretLeaks;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

// Plain HTTP: the mock's self-signed certificate generation fails with the bcprov version on our classpath.
class EventRecorderMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces("team-a").build();

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    KubernetesClient client;

    private Pod pod;
    private EventRecorder recorder;

    @BeforeEach
    void setUp() {
        pod = client.pods().resource(Pods.boundPod("team-a", "web-0", "vk-1")).create();
        recorder = newRecorder(new Redactor(), null);
    }

    private EventRecorder newRecorder(Redactor redactor, ControllerMetrics metrics) {
        return new EventRecorder(client, "eci-virtual-kubelet", "vk-1", redactor, CLOCK, metrics);
    }

    private List<Event> events(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems();
    }

    @Test
    void createsAnEventOnThePodWithItsReference() {
        recorder.record(pod, EventReason.ProviderCreateFailed, "CreateContainerGroup failed: InvalidParameter");

        List<Event> events = events("team-a");
        assertThat(events).hasSize(1);
        Event event = events.get(0);
        assertThat(event.getMetadata().getName()).matches("web-0\\.[0-9a-f]{16}");
        assertThat(event.getType()).isEqualTo("Warning");
        assertThat(event.getReason()).isEqualTo("ProviderCreateFailed");
        assertThat(event.getMessage()).isEqualTo("CreateContainerGroup failed: InvalidParameter");
        assertThat(event.getCount()).isEqualTo(1);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-11-22T10:00:00Z");
        assertThat(event.getSource().getComponent()).isEqualTo("eci-virtual-kubelet");
        assertThat(event.getSource().getHost()).isEqualTo("vk-1");
        assertThat(event.getInvolvedObject().getKind()).isEqualTo("Pod");
        assertThat(event.getInvolvedObject().getApiVersion()).isEqualTo("v1");
        assertThat(event.getInvolvedObject().getNamespace()).isEqualTo("team-a");
        assertThat(event.getInvolvedObject().getName()).isEqualTo("web-0");
        assertThat(event.getInvolvedObject().getUid())
                .isEqualTo(pod.getMetadata().getUid());
        assertThat(event.getInvolvedObject().getResourceVersion())
                .isEqualTo(pod.getMetadata().getResourceVersion());
    }

    @Test
    void aRepeatBumpsTheCountOfTheSameEvent() {
        recorder.record(pod, EventReason.CapacityRetry, "no stock in cn-hangzhou-h");
        recorder.record(pod, EventReason.CapacityRetry, "no stock in cn-hangzhou-h");

        List<Event> events = events("team-a");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getCount()).isEqualTo(2);
    }

    @Test
    void distinctReasonsOrMessagesMakeDistinctEvents() {
        recorder.record(pod, EventReason.CapacityRetry, "no stock");
        recorder.record(pod, EventReason.Throttled, "no stock");
        recorder.record(pod, EventReason.Throttled, "quota exceeded");

        assertThat(events("team-a"))
                .extracting(Event::getReason)
                .containsExactlyInAnyOrder("CapacityRetry", "Throttled", "Throttled");
        assertThat(events("team-a")).allSatisfy(e -> assertThat(e.getCount()).isEqualTo(1));
    }

    @Test
    void anEventAnotherWriterCreatedFirstIsContinuedNotDuplicated() {
        // Another replica (or this process before a restart) wrote the Event: our create gets 409.
        recorder.record(pod, EventReason.ProviderDeleteFailed, "DeleteContainerGroup failed: Throttling");
        EventRecorder restarted = newRecorder(new Redactor(), null);

        restarted.record(pod, EventReason.ProviderDeleteFailed, "DeleteContainerGroup failed: Throttling");
        restarted.record(pod, EventReason.ProviderDeleteFailed, "DeleteContainerGroup failed: Throttling");

        List<Event> events = events("team-a");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).getCount()).isEqualTo(3);
    }

    @Test
    void anEventDeletedMeanwhileIsCreatedAgain() {
        recorder.record(pod, EventReason.Throttled, "CreateContainerGroup throttled");
        client.v1().events().inNamespace("team-a").delete();
        assertThat(events("team-a")).isEmpty();

        recorder.record(pod, EventReason.Throttled, "CreateContainerGroup throttled");

        assertThat(events("team-a"))
                .singleElement()
                .satisfies(e -> assertThat(e.getCount()).isGreaterThanOrEqualTo(1));
    }

    @Test
    void clusterScopedObjectsGetTheirEventsInTheDefaultNamespace() {
        Node node = client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("vk-1")
                        .endMetadata()
                        .build())
                .create();

        recorder.record(node, EventReason.NodeRecreated, "Node vk-1 was deleted and registered again");

        assertThat(events("default")).singleElement().satisfies(e -> {
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
            assertThat(e.getInvolvedObject().getNamespace()).isNull();
            assertThat(e.getType()).isEqualTo("Warning");
        });
    }

    @Test
    void forwardedProviderEventsTakeTheProvidersCountAndAreNotRewrittenWhenUnchanged() {
        Instant first = Instant.parse("2026-11-22T09:58:00Z");
        GroupEvent pulling = new GroupEvent(
                "Normal", "Pulling", "pulling image \"nginx\"", "web", 1, first, Instant.parse("2026-11-22T09:58:05Z"));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder counted = newRecorder(new Redactor(), new ControllerMetrics(registry));

        counted.forward(pod, pulling);
        counted.forward(pod, pulling);
        counted.forward(
                pod,
                new GroupEvent(
                        "Normal",
                        "Pulling",
                        "pulling image \"nginx\"",
                        "web",
                        3,
                        first,
                        Instant.parse("2026-11-22T09:59:00Z")));

        Event event = events("team-a").get(0);
        assertThat(events("team-a")).hasSize(1);
        assertThat(event.getReason()).isEqualTo("Pulling");
        assertThat(event.getType()).isEqualTo("Normal");
        assertThat(event.getCount()).isEqualTo(3);
        assertThat(event.getFirstTimestamp()).isEqualTo("2026-11-22T09:58:00Z");
        assertThat(event.getLastTimestamp()).isEqualTo("2026-11-22T09:59:00Z");
        // The unchanged second forward cost no write.
        assertThat(registry.get(Meters.EVENTS_RECORDED).counter().count()).isEqualTo(2);
    }

    @Test
    void messagesAreBoundedToOneKilobyte() {
        recorder.record(pod, EventReason.UnsupportedPodSpec, "é".repeat(2000));

        String message = events("team-a").get(0).getMessage();
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
        assertThat(message).endsWith("…");
    }

    @Test
    void secretsNeverReachAnEvent() {
        String accessKeySecret = "q8Zx1mN4pL7vR2sT9wY3bC6dF0gH5j";
        String accessKeyId = "LTAI5tRk8WQmZp3nXy7Vb2Lc";
        Redactor redactor = new Redactor().register(accessKeySecret);
        EventRecorder redacting = newRecorder(redactor, null);

        try (CapturingAppender logs = CapturingAppender.install()) {
            redacting.record(
                    pod,
                    EventReason.ProviderCreateFailed,
                    "signature mismatch for " + accessKeyId + " using " + accessKeySecret);

            assertThat(events("team-a").get(0).getMessage()).contains("signature mismatch for " + Redactor.MASK);
            SecretLeaks.assertNoneOf(List.of(accessKeySecret, accessKeyId))
                    .in(logs)
                    .inEvents(client);
        }
    }

    @Test
    void anUnreachableApiserverNeverThrowsAndLogsNoSecret() {
        String secret = "s3cr3t-value-that-must-not-leak";
        KubernetesClient unreachable = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(1000)
                        .withRequestTimeout(1000)
                        .build())
                .build();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder failing = new EventRecorder(
                unreachable,
                "eci-virtual-kubelet",
                "vk-1",
                new Redactor().register(secret),
                CLOCK,
                new ControllerMetrics(registry));

        try (unreachable;
                CapturingAppender logs = CapturingAppender.install()) {
            assertThatCode(() -> failing.record(pod, EventReason.ProviderFailed, "token " + secret))
                    .doesNotThrowAnyException();

            assertThat(logs.linesContaining("Could not record event ProviderFailed on Pod team-a/web-0"))
                    .hasSize(1);
            SecretLeaks.assertNoneOf(List.of(secret)).in(logs);
        }
        assertThat(registry.get(Meters.EVENTS_FAILED).counter().count()).isEqualTo(1);
    }

    @Test
    void theLeakCheckFailsWhenASecretIsPresent() {
        // The scaffolding must be able to fail: an unredacting recorder puts the secret in the Event.
        String secret = "plain-secret-9f8e7d";
        recorder.record(pod, EventReason.FailedToReadSecret, "value " + secret);

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> SecretLeaks.assertNoneOf(List.of(secret)).inEvents(client))
                .isInstanceOf(AssertionError.class)
                .hasMessageNotContaining(secret);
    }
}
