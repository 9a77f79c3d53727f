package dev.ecivk.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class NodeControllerMockTest {
    KubernetesClient client;
    NodeController controller;
    final AtomicBoolean providerUp = new AtomicBoolean(true);
    final AtomicInteger renewals = new AtomicInteger();

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private NodeController start(String name, Duration renewEvery) {
        NodeSettings settings = new NodeSettings(
                name,
                NodeSettings.Addresses.internalOnly("10.1.2.3"),
                10250,
                Map.of("cpu", new Quantity("1000"), "memory", new Quantity("4Ti"), "pods", new Quantity("1000")),
                NodeSettings.defaultLabels(name, Map.of()),
                List.of(NodeSettings.providerTaint()),
                "test",
                new NodeSettings.Timings(
                        Duration.ofSeconds(40), renewEvery, Duration.ofMinutes(1), Duration.ofMillis(200)));
        controller = new NodeController(
                client,
                settings,
                () -> {
                    if (!providerUp.get()) {
                        throw new IllegalStateException("connection refused");
                    }
                    return null;
                },
                Clock.systemUTC(),
                new NodeController.Listener() {
                    @Override
                    public void onLeaseRenewal(Duration took, boolean ok) {
                        if (ok) {
                            renewals.incrementAndGet();
                        }
                    }

                    @Override
                    public void onProviderHealth(boolean healthy) {}
                });
        controller.start();
        return controller;
    }

    private static String ready(Node node) {
        return node.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("Ready"))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    @Test
    void registersTheNodeAsAVirtualKubeletWouldDescribeIt() {
        start("vk-register", Duration.ofSeconds(10));

        Node node = client.nodes().withName("vk-register").get();
        assertThat(node.getMetadata().getLabels())
                .containsEntry("type", "virtual-kubelet")
                .containsEntry("kubernetes.io/role", "agent")
                .containsEntry("kubernetes.io/os", "linux")
                .containsEntry("kubernetes.io/hostname", "vk-register");
        assertThat(node.getSpec().getTaints()).anySatisfy(t -> {
            assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
            assertThat(t.getValue()).isEqualTo("alibabacloud");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(node.getStatus().getAddresses()).anySatisfy(a -> {
            assertThat(a.getType()).isEqualTo("InternalIP");
            assertThat(a.getAddress()).isEqualTo("10.1.2.3");
        });
        assertThat(node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort())
                .isEqualTo(10250);
        assertThat(node.getStatus().getCapacity()).containsEntry("pods", new Quantity("1000"));
        assertThat(node.getStatus().getAllocatable()).containsEntry("cpu", new Quantity("1000"));
        assertThat(node.getStatus().getNodeInfo().getKubeletVersion()).contains("ecivk");
        assertThat(ready(node)).isEqualTo("True");
    }

    @Test
    void renewsTheLeaseInKubeNodeLease() {
        start("vk-lease", Duration.ofMillis(100));

        Lease lease = client.leases()
                .inNamespace("kube-node-lease")
                .withName("vk-lease")
                .get();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("vk-lease");
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assertThat(lease.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("Node");
            assertThat(o.getName()).isEqualTo("vk-lease");
        });
        java.time.ZonedDateTime firstRenew = lease.getSpec().getRenewTime();

        await().atMost(Duration.ofSeconds(10)).until(() -> renewals.get() >= 3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> client.leases()
                        .inNamespace("kube-node-lease")
                        .withName("vk-lease")
                        .get()
                        .getSpec()
                        .getRenewTime()
                        .isAfter(firstRenew));
    }

    @Test
    void readyFollowsTheProvider() {
        start("vk-ready", Duration.ofSeconds(10));
        assertThat(ready(client.nodes().withName("vk-ready").get())).isEqualTo("True");

        providerUp.set(false);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ready(client.nodes().withName("vk-ready").get()).equals("False"));
        Node down = client.nodes().withName("vk-ready").get();
        assertThat(down.getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.getReason()).isEqualTo("ProviderUnreachable");
                    assertThat(c.getMessage()).contains("connection refused");
                });
        // the Lease still renews: the controller is alive, only the backend is not
        int before = renewals.get();
        controller.renewLease();
        assertThat(renewals.get()).isGreaterThan(before);

        providerUp.set(true);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ready(client.nodes().withName("vk-ready").get()).equals("True"));
    }

    @Test
    void recreatesTheNodeWhenSomeoneDeletesIt() {
        start("vk-recreate", Duration.ofSeconds(10));
        String firstUid =
                client.nodes().withName("vk-recreate").get().getMetadata().getUid();

        client.nodes().withName("vk-recreate").delete();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Node again = client.nodes().withName("vk-recreate").get();
            assertThat(again).isNotNull();
            assertThat(again.getMetadata().getUid()).isNotEqualTo(firstUid);
            assertThat(again.getStatus()).isNotNull();
            assertThat(ready(again)).isEqualTo("True");
        });
    }

    @Test
    void keepsForeignTaintsAndLabelsOnAnExistingNode() {
        client.nodes()
                .resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                        .withNewMetadata()
                        .withName("vk-existing")
                        .addToLabels("team", "batch")
                        .endMetadata()
                        .withNewSpec()
                        .addNewTaint()
                        .withKey("example.com/maintenance")
                        .withEffect("NoSchedule")
                        .endTaint()
                        .endSpec()
                        .build())
                .create();

        start("vk-existing", Duration.ofSeconds(10));

        Node node = client.nodes().withName("vk-existing").get();
        assertThat(node.getMetadata().getLabels())
                .containsEntry("team", "batch")
                .containsEntry("type", "virtual-kubelet");
        assertThat(node.getSpec().getTaints())
                .extracting(io.fabric8.kubernetes.api.model.Taint::getKey)
                .containsExactlyInAnyOrder("virtual-kubelet.io/provider", "example.com/maintenance");
    }
}
