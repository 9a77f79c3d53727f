package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.Fault;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group's change reaches its Pod's status without waiting behind the Pods queued for their create, and the
 * reconciler is handed the informer's cached Pods without a copy and never changes them.
 */
class StatusLaneMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-lane";
    static final Duration SLOW_CREATE = Duration.ofSeconds(3);
    static final int QUEUED = 4;
    KubernetesClient client;
    VirtualKubelet vk;

    @BeforeEach
    void start() throws Exception {
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.10.0.9",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--workers",
                "1",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "100ms");
    }

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private static boolean running(Pod p) {
        return p != null
                && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase());
    }

    private static int restarts(Pod p) {
        return p.getStatus().getContainerStatuses() == null
                ? 0
                : p.getStatus().getContainerStatuses().stream()
                        .mapToInt(ContainerStatus::getRestartCount)
                        .sum();
    }

    @Test
    void aGroupsChangeReachesItsPodWhileCreatesWaitInTheReconcileQueue() throws Exception {
        EciSimulator eci = vk.embeddedEci().orElseThrow();
        client.pods()
                .inNamespace("default")
                .resource(Pods.bound("default", "first", NODE).build())
                .create();
        await().atMost(Duration.ofSeconds(20)).until(() -> running(pod("first")));
        String group = Pods.groupId(pod("first"));

        // one reconcile worker, each create slow: the queued Pods hold the reconcile queue for QUEUED × SLOW_CREATE
        eci.injectFault(Fault.latency("CreateContainerGroup", SLOW_CREATE).always());
        for (int i = 0; i < QUEUED; i++) {
            client.pods()
                    .inNamespace("default")
                    .resource(Pods.bound("default", "queued-" + i, NODE).build())
                    .create();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> eci.counters().calls("CreateContainerGroup") >= 2);
        ((dev.ecivk.provider.eci.EciProvider) vk.provider()).restart(group, "lane-restart");

        await().atMost(Duration.ofSeconds(10)).until(() -> restarts(pod("first")) >= 1);
        assertThat(eci.counters().calls("CreateContainerGroup"))
                .as("the restart showed on its Pod before the queued creates were all done")
                .isLessThan(1 + QUEUED);

        eci.clearFaults();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.pods().inNamespace("default").list().getItems().stream()
                        .allMatch(StatusLaneMockTest::running));
        assertThat(eci.counters().creates()).isEqualTo(1 + QUEUED);
    }

    @Test
    void theReconcilerLeavesTheCachedPodsAsTheApiserverHasThem() throws Exception {
        for (int i = 0; i < 5; i++) {
            client.pods()
                    .inNamespace("default")
                    .resource(Pods.bound("default", "p-" + i, NODE).build())
                    .create();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.pods().inNamespace("default").list().getItems().stream()
                                .filter(StatusLaneMockTest::running)
                                .count()
                        == 5);
        client.pods().inNamespace("default").withName("p-0").delete(); // the deletion path too
        await().atMost(Duration.ofSeconds(30)).until(() -> pod("p-0") == null);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Map<String, Pod> stored = client.pods().inNamespace("default").list().getItems().stream()
                    .collect(Collectors.toMap(p -> p.getMetadata().getName(), Function.identity()));
            List<Pod> cached = vk.cachedPods();
            assertThat(cached).hasSize(stored.size());
            for (Pod c : cached) {
                Pod s = stored.get(c.getMetadata().getName());
                assertThat(s).isNotNull();
                // the same resourceVersion must mean the same object: the reconciler changed nothing in the cache
                if (s.getMetadata().getResourceVersion().equals(c.getMetadata().getResourceVersion())) {
                    assertThat(c).isEqualTo(new PodCachePruning().apply(s)); // as the cache keeps it
                } else {
                    throw new AssertionError(
                            "cache not caught up yet for " + c.getMetadata().getName());
                }
            }
        });
    }
}
