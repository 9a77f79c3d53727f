package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.VirtualKubelet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The Foundation's path on a real apiserver and scheduler (k3s): the node registers and turns Ready, the scheduler
 * binds a Pod that tolerates the taint, the Pod runs with an IP, {@code kubectl delete pod} completes within
 * seconds, and the Lease renews. Needs a Docker engine; without one it is skipped (the same flow runs against the
 * fabric8 mock server in {@code PodLifecycleMockTest}).
 */
@Testcontainers(disabledWithoutDocker = true)
class VirtualNodeK3sIT {
    static final String NODE = "ecivk-k3s";

    @Container
    static final K3sContainer K3S = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.32.1-k3s1"));

    static KubernetesClient client;
    static VirtualKubelet vk;

    @BeforeAll
    static void start() throws Exception {
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(K3S.getKubeConfigYaml()))
                .build();
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--metrics-port",
                "0",
                "--kubelet-port",
                "10250",
                "--status-sync-interval",
                "1s",
                "--sim-start-delay",
                "500ms");
    }

    @AfterAll
    static void stop() {
        if (vk != null) {
            vk.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @Test
    void podIsScheduledRunsAndIsDeletedWithinSeconds() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Node n = client.nodes().withName(NODE).get();
            return n != null
                    && n.getStatus().getConditions().stream()
                            .anyMatch(c ->
                                    c.getType().equals("Ready") && c.getStatus().equals("True"));
        });
        ZonedDateTime firstRenew = client.leases()
                .inNamespace("kube-node-lease")
                .withName(NODE)
                .get()
                .getSpec()
                .getRenewTime();

        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("nginx")
                .withNamespace("default")
                .endMetadata()
                .withNewSpec()
                .addToNodeSelector("type", "virtual-kubelet")
                .addNewToleration()
                .withKey("virtual-kubelet.io/provider")
                .withOperator("Exists")
                .endToleration()
                .addNewContainer()
                .withName("nginx")
                .withImage("nginx:1.27")
                .endContainer()
                .endSpec()
                .build();
        client.pods().inNamespace("default").resource(pod).create();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Pod p = client.pods().inNamespace("default").withName("nginx").get();
            assertThat(p.getSpec().getNodeName()).isEqualTo(NODE);
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getStatus().getPodIP()).isNotBlank();
        });

        long started = System.nanoTime();
        client.pods().inNamespace("default").withName("nginx").delete();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        client.pods().inNamespace("default").withName("nginx").get() == null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.leases()
                        .inNamespace("kube-node-lease")
                        .withName(NODE)
                        .get()
                        .getSpec()
                        .getRenewTime()
                        .isAfter(firstRenew));
    }
}
