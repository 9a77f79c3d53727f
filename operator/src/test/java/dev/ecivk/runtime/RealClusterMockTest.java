package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ecivk.node.NodeCapacity;
import dev.ecivk.node.NodeController;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.KubeletResponse;
import dev.ecivk.testing.cluster.KubeletUnreachableException;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a real control plane did to the virtual node, reproduced by the realistic-cluster fixture: the node lifecycle
 * controller watching its Lease, the apiserver dialling the kubelet by the preferred address order, the scheduler
 * enforcing the Node's capacity.
 */
class RealClusterMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            // longer than the kubelet's 10 s Lease renewal, shorter than the real 40 s so the test stays short
            .leaseGracePeriod(Duration.ofSeconds(12))
            .allowLoopbackKubelet(true)
            .build();

    KubernetesClient client;
    EmbeddedEci eci;
    TestController controller;
    NodeController node;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (node != null) {
            node.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    private TestController start(String nodeName, String... overrides) throws Exception {
        Path ca = Files.writeString(dir.resolve("kubelet-client-ca.pem"), cluster.kubeletClientCaPem());
        eci = EmbeddedEci.start();
        String[] options = new String[overrides.length + 4];
        options[0] = "--node-ip";
        options[1] = "127.0.0.1"; // allowed by this fixture only: a real apiserver refuses loopback node addresses
        options[2] = "--kubelet-client-ca";
        options[3] = ca.toString();
        System.arraycopy(overrides, 0, options, 4, overrides.length);
        controller = TestController.start(client, eci, nodeName, options);
        return controller;
    }

    private static String ready(Node node) {
        return node == null || node.getStatus() == null || node.getStatus().getConditions() == null
                ? "missing"
                : node.getStatus().getConditions().stream()
                        .filter(c -> "Ready".equals(c.getType()))
                        .map(NodeCondition::getStatus)
                        .findFirst()
                        .orElse("missing");
    }

    @Test
    void theNodeBecomesReadyAndStaysReadyWhileTheControlPlaneWatchesItsLease() throws Exception {
        start("vk-steady");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        "True".equals(ready(client.nodes().withName("vk-steady").get())));
        // longer than the lifecycle controller's grace: the Lease keeps the Node Ready, no unreachable taint appears
        await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(25)).until(() -> {
            Node n = client.nodes().withName("vk-steady").get();
            return "True".equals(ready(n))
                    && n.getSpec().getTaints().stream()
                            .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/"));
        });
    }

    @Test
    void logsReachTheKubeletThroughTheNodeProxyByTheAdvertisedAddress() throws Exception {
        start("vk-proxied");
        Pod pod = client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "talker", "vk-proxied", "sh", "-c", "echo hello; sleep 3600"))
                .create();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "Running"
                        .equals(client.pods()
                                .inNamespace("default")
                                .withName("talker")
                                .get()
                                .getStatus()
                                .getPhase()));

        KubeletResponse logs = cluster.kubelet(
                "vk-proxied",
                "/containerLogs/default/talker/"
                        + pod.getSpec().getContainers().get(0).getName());
        assertThat(logs.code()).isEqualTo(200);
        assertThat(logs.body()).contains("hello");
    }

    @Test
    void aHostnameTheApiserverCannotResolveIsDialledFirstAndFails() throws Exception {
        // what the Node advertised before: its own name as Hostname, which resolves nowhere
        start("vk-named", "--node-hostname", "vk-named.invalid");
        await().atMost(Duration.ofSeconds(10))
                .until(() ->
                        "True".equals(ready(client.nodes().withName("vk-named").get())));

        assertThatThrownBy(() -> cluster.kubelet("vk-named", "/healthz"))
                .isInstanceOf(KubeletUnreachableException.class)
                .hasMessageContaining("lookup vk-named.invalid")
                .hasMessageContaining("no such host");
    }

    /** Registers a Node with {@code capacity} (no Pod controller: only the scheduler's placement matters here). */
    private void registerNode(String name, Map<String, Quantity> capacity) {
        node = new NodeController(
                client,
                new NodeSettings(
                        name,
                        NodeSettings.Addresses.internalOnly("10.40.0.9"),
                        10250,
                        capacity,
                        NodeSettings.defaultLabels(name, Map.of()),
                        List.of(NodeSettings.providerTaint()),
                        "test",
                        NodeSettings.Timings.KUBELET),
                () -> null,
                Clock.systemUTC(),
                NodeController.Listener.NONE);
        node.start();
        await().atMost(Duration.ofSeconds(10)).until(node::registered);
    }

    private void createUnboundPods(String prefix, int count) {
        IntStream.range(0, count).parallel().forEach(i -> {
            PodBuilder pod = Pods.bound("default", prefix + "-" + i, null)
                    .editSpec()
                    .withNodeName(null)
                    .addToNodeSelector("type", "virtual-kubelet")
                    .addNewToleration()
                    .withKey("virtual-kubelet.io/provider")
                    .withOperator("Exists")
                    .endToleration()
                    .editFirstContainer()
                    .withNewResources()
                    .addToRequests("cpu", new Quantity("250m"))
                    .addToRequests("memory", new Quantity("512Mi"))
                    .endResources()
                    .endContainer()
                    .endSpec();
            client.pods().inNamespace("default").resource(pod.build()).create();
        });
    }

    @Test
    void theDefaultCapacityLetsABurstOfThousandsSchedule() {
        // the defaults with the embedded ECI's account quota (1,000 vCPUs): 250m each fits 4,000 Pods by cpu
        registerNode(
                "vk-roomy",
                NodeCapacity.resolve(
                        "auto", "auto", "20000", "0", Optional.of(new AccountUsage(0, 1000, 0, 50, 0, 25, 0, 100))));
        createUnboundPods("burst", 2_000);
        cluster.awaitSchedulerIdle(Duration.ofSeconds(60));

        assertThat(cluster.unschedulablePods())
                .as("unschedulable, e.g. %s", firstUnschedulableMessage())
                .isEmpty();
        assertThat(client.pods().inNamespace("default").list().getItems())
                .hasSize(2_000)
                .allSatisfy(p -> assertThat(p.getSpec().getNodeName()).isEqualTo("vk-roomy"));
    }

    private String firstUnschedulableMessage() {
        if (cluster.unschedulablePods().isEmpty()) {
            return "none";
        }
        Pod p = client.pods()
                .inNamespace("default")
                .withName(cluster.unschedulablePods().get(0).split("/")[1])
                .get();
        return p.getStatus().getConditions().toString();
    }

    @Test
    void beyondThePodCapacityTheSurplusStaysPendingWithTheSchedulersReason() {
        // the old default of 1,000 Pods: a 2,000-Pod burst left half of it Pending on a real cluster
        registerNode(
                "vk-small",
                NodeCapacity.resolve(
                        "auto", "auto", "1000", "0", Optional.of(new AccountUsage(0, 1000, 0, 50, 0, 25, 0, 100))));
        createUnboundPods("over", 1_200);
        cluster.awaitSchedulerIdle(Duration.ofSeconds(60));

        assertThat(cluster.unschedulablePods()).hasSize(200);
        Pod pending = client.pods()
                .inNamespace("default")
                .withName(cluster.unschedulablePods().get(0).split("/")[1])
                .get();
        assertThat(pending.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(pending.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("PodScheduled");
            assertThat(c.getReason()).isEqualTo("Unschedulable");
            assertThat(c.getMessage()).contains("Too many pods");
        });
    }
}
