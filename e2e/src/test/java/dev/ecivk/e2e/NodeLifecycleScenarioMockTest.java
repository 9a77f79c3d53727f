package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node-lifecycle scenario of {@code VirtualNodeScenariosK3sIT} on the mock server. The mock has no node lifecycle
 * controller, so this test plays its part: once the controller is stopped and its Lease no longer renews, it marks the
 * Node's Ready condition Unknown, as kube-controller-manager does after the node-monitor grace period; the controller
 * that comes back must renew the Lease and report Ready=True again.
 */
class NodeLifecycleScenarioMockTest {
    @RegisterExtension
    static final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-e2e-lifecycle";
    KubernetesClient client;
    VirtualKubelet vk;

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    private VirtualKubelet startController() throws Exception {
        int kubeletPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kubeletPort = s.getLocalPort();
        }
        return VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.30.0.2",
                "--metrics-port",
                "0",
                "--kubelet-port",
                String.valueOf(kubeletPort),
                "--kubelet-bind-address",
                "127.0.0.1");
    }

    private String ready() {
        Node n = client.nodes().withName(NODE).get();
        return n.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    private ZonedDateTime renewTime() {
        return client.leases()
                .inNamespace("kube-node-lease")
                .withName(NODE)
                .get()
                .getSpec()
                .getRenewTime();
    }

    @Test
    void nodeNotReadyWhenControllerStopsAndReadyWhenItReturns() throws Exception {
        vk = startController();
        await().atMost(Duration.ofSeconds(20)).until(() -> "True".equals(ready()));
        ZonedDateTime lastRenewBeforeStop = renewTime();
        assertThat(lastRenewBeforeStop).isNotNull();

        vk.close();
        vk = null;
        // the node lifecycle controller's move once the Lease is older than the grace period
        client.nodes().withName(NODE).editStatus(n -> {
            n.getStatus().getConditions().stream()
                    .filter(c -> "Ready".equals(c.getType()))
                    .forEach(c -> {
                        c.setStatus("Unknown");
                        c.setReason("NodeStatusUnknown");
                        c.setMessage("Kubelet stopped posting node status.");
                    });
            return n;
        });
        assertThat(ready()).isEqualTo("Unknown");
        assertThat(renewTime()).isEqualTo(lastRenewBeforeStop); // nobody renews while the controller is away

        vk = startController();
        await().atMost(Duration.ofSeconds(30)).until(() -> "True".equals(ready()));
        await().atMost(Duration.ofSeconds(30)).until(() -> renewTime().isAfter(lastRenewBeforeStop));
    }
}
