package dev.ecivk.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.runtime.TestController;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile Pods through a running controller (mock apiserver + embedded ECI): 240 seeded Pods, most of them what a
 * real apiserver admits plus some it would refuse. Each must end visible to its user — an Event and either Running,
 * Succeeded, Failed with reason UnsupportedPodSpec/ProviderFailed, or Pending with a reason — and the controller
 * must still serve a valid Pod created afterwards.
 */
class HostilePodReconciliationMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-hostile";
    static final int ADMISSIBLE = 200;
    static final int INADMISSIBLE = 40;
    static final Set<String> FAILED_REASONS = Set.of("UnsupportedPodSpec", "ProviderFailed");

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

    /** The outcome a user sees, or null while the Pod is not (yet) in an acceptable end state. */
    private static String outcome(Pod pod, Map<String, List<Event>> eventsByUid) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getPhase() == null) {
            return null;
        }
        if (eventsByUid.getOrDefault(pod.getMetadata().getUid(), List.of()).isEmpty()) {
            return null;
        }
        String phase = pod.getStatus().getPhase();
        String reason = pod.getStatus().getReason();
        return switch (phase) {
            case "Running", "Succeeded" -> phase;
            case "Failed" -> FAILED_REASONS.contains(reason) ? phase + "/" + reason : null;
            case "Pending" -> reason == null || reason.isBlank() ? null : phase + "/" + reason;
            default -> null;
        };
    }

    @Test
    void everyHostilePodEndsVisiblyAndTheControllerKeepsServing() {
        long seed = HostilePods.seedFromSystemProperty();
        System.out.println("HostilePodReconciliationMockTest seed=" + seed);
        eci = EmbeddedEci.start(
                b -> b.quotaScale(0)
                        .vSwitchZones(Map.of(
                                EmbeddedEci.VSWITCH_A, EmbeddedEci.ZONE_A, EmbeddedEci.VSWITCH_B, EmbeddedEci.ZONE_B)),
                p -> p.withRateLimit(100.0, Duration.ofSeconds(30)));
        for (Object o : HostilePods.refObjects()) {
            client.resource((HasMetadata) o).create();
        }
        controller = TestController.start(client, eci, NODE);

        HostilePods generator = new HostilePods(seed, NODE);
        List<Pod> pods = new ArrayList<>();
        for (int i = 0; i < ADMISSIBLE + INADMISSIBLE; i++) {
            Pod pod = i < ADMISSIBLE ? generator.nextAdmissible(i) : generator.nextInadmissible(i);
            pod.getMetadata().setUid(null); // the apiserver assigns it
            try {
                Serialization.clone(pod);
            } catch (RuntimeException unreadable) {
                continue; // fabric8 cannot read it back (an invalid quantity): no apiserver would store it
            }
            pods.add(pod);
        }
        // namespaces must exist, as on a real apiserver
        pods.stream().map(p -> p.getMetadata().getNamespace()).distinct().forEach(ns -> {
            if (client.namespaces().withName(ns).get() == null) {
                client.namespaces()
                        .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                                .withNewMetadata()
                                .withName(ns)
                                .endMetadata()
                                .build())
                        .create();
            }
        });
        // an apiserver refuses some hostile Pods outright; the rest must each end visibly
        List<Pod> created = pods.parallelStream()
                .map(p -> {
                    try {
                        return client.pods()
                                .inNamespace(p.getMetadata().getNamespace())
                                .resource(p)
                                .create();
                    } catch (io.fabric8.kubernetes.client.KubernetesClientException refused) {
                        return null;
                    }
                })
                .filter(java.util.Objects::nonNull)
                .toList();
        assertThat(created).hasSizeGreaterThanOrEqualTo(ADMISSIBLE + INADMISSIBLE / 2);

        Map<String, String> outcomes = new TreeMap<>();
        try {
            await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        Map<String, List<Event>> events =
                                client.v1().events().inAnyNamespace().list().getItems().stream()
                                        .filter(e -> e.getInvolvedObject().getUid() != null)
                                        .collect(Collectors.groupingBy(
                                                e -> e.getInvolvedObject().getUid()));
                        Map<String, Pod> byUid = client.pods().inAnyNamespace().list().getItems().stream()
                                .collect(Collectors.toMap(p -> p.getMetadata().getUid(), p -> p));
                        outcomes.clear();
                        for (Pod p : created) {
                            Pod now = byUid.get(p.getMetadata().getUid());
                            outcomes.put(
                                    p.getMetadata().getName() + " [" + HostilePods.mutations(p) + "]",
                                    outcome(now, events));
                        }
                        return outcomes.values().stream().allMatch(java.util.Objects::nonNull);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<String> stuck = outcomes.entrySet().stream()
                    .filter(en -> en.getValue() == null)
                    .map(Map.Entry::getKey)
                    .toList();
            throw new AssertionError(
                    stuck.size() + " Pods stuck without a visible outcome (seed " + seed + "): "
                            + stuck.subList(0, Math.min(30, stuck.size())),
                    e);
        }
        Map<String, Long> histogram =
                outcomes.values().stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting()));
        System.out.println("HostilePodReconciliationMockTest outcomes: " + histogram);
        // a ProviderFailed Pod is one the translator let through and ECI refused: a validation gap to report
        client.pods().inAnyNamespace().list().getItems().stream()
                .filter(p -> p.getStatus() != null
                        && "ProviderFailed".equals(p.getStatus().getReason()))
                .forEach(p -> System.out.println(
                        "  ProviderFailed " + p.getMetadata().getName() + " [" + HostilePods.mutations(p) + "]: "
                                + p.getStatus().getMessage()));
        assertThat(histogram.keySet()).anyMatch(o -> o.startsWith("Running"));
        assertThat(histogram.keySet()).anyMatch(o -> o.startsWith("Failed/UnsupportedPodSpec"));

        Pod after = client.pods()
                .inNamespace("default")
                .resource(generator.valid("after-the-storm"))
                .create();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.pods()
                                .inNamespace("default")
                                .withName(after.getMetadata().getName())
                                .get()
                                .getStatus())
                        .isNotNull()
                        .satisfies(s -> assertThat(s.getPhase()).isEqualTo("Running")));
    }
}
