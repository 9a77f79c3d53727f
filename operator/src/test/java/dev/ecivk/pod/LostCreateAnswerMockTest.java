package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.Fault;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A create whose group was made though its answer was lost (a timeout, a reset): the retry, with a fresh
 * service-account token, differs from the first attempt, and ECI refuses the Pod's ClientToken with other parameters.
 * The Pod adopts the group the first attempt made: it never shows Failed, and it has one group.
 */
class LostCreateAnswerMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-lost";
    KubernetesClient client;
    VirtualKubelet vk;

    @BeforeEach
    void start() throws Exception {
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.10.0.11",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                // rounds rarer than the create's first retry, so the retry meets ECI before a round shows the group
                "--status-sync-interval",
                "5s",
                "--sim-start-delay",
                "100ms");
    }

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    @Test
    void theRetryAdoptsTheGroupTheLostCreateMade() throws Exception {
        EciSimulator eci = vk.embeddedEci().orElseThrow();
        eci.injectFault(
                Fault.error("CreateContainerGroup", "ServiceUnavailable").answerLost());
        Set<String> phases = ConcurrentHashMap.newKeySet();
        try (Watch ignored = client.pods()
                .inNamespace("default")
                .withName("web")
                .watch(new Watcher<Pod>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        if (pod.getStatus() != null && pod.getStatus().getPhase() != null) {
                            phases.add(pod.getStatus().getPhase());
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
            Pod created = client.pods()
                    .inNamespace("default")
                    .resource(Pods.bound("default", "web", NODE).build())
                    .create();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "Running"
                            .equals(client.pods()
                                    .inNamespace("default")
                                    .withName("web")
                                    .get()
                                    .getStatus()
                                    .getPhase()));

            assertThat(eci.counters().errors("CreateContainerGroup", GroupCreator.IDEMPOTENT_MISMATCH))
                    .as("the retry differed from the lost create and ECI said so")
                    .isPositive();
            List<ContainerGroupState> groups = vk.provider()
                    .list(ListQuery.byTags(
                            Map.of(OwnershipTags.UID, created.getMetadata().getUid())));
            assertThat(groups).hasSize(1);
            assertThat(Pods.groupId(
                            client.pods().inNamespace("default").withName("web").get()))
                    .isEqualTo(groups.get(0).id());
            assertThat(phases).as("phases the Pod showed").doesNotContain("Failed");
            assertThat(client.v1().events().inNamespace("default").list().getItems())
                    .noneMatch(e -> "ProviderCreateFailed".equals(e.getReason()));
        }
    }
}
