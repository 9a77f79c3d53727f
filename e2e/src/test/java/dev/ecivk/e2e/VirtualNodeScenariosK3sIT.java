package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.e2e.support.ScenarioPods;
import dev.ecivk.runtime.VirtualKubelet;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@link VirtualNodeScenarios} on a real apiserver, scheduler and controller-manager (k3s): the conformance checks
 * through the apiserver's node proxy, real Deployment and Job controllers, logs and exec through the apiserver; and,
 * here only, the node lifecycle controller. The controller runs in this JVM with the embedded ECI (or, with
 * {@code -Decivk.e2e.provider=ecs|huawei-ecs}, an embedded VM cloud); k3s reaches its kubelet API over the Docker
 * bridge. Needs a Docker engine, or another cluster by {@link #KUBECONFIG} (skipped without either); {@code
 * VirtualNodeScenariosMockTest} binds the same scenarios to the mock server, everywhere.
 */
@ExtendWith(VirtualNodeScenariosK3sIT.ClusterAvailable.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualNodeScenariosK3sIT extends VirtualNodeScenarios {
    /**
     * A cluster to run on instead of k3s: {@code -Decivk.e2e.kubeconfig=FILE} (e.g. {@code
     * e2e/scripts/local-control-plane.sh}'s), whose apiserver reaches this machine at {@code
     * -Decivk.e2e.node-ip} (default: this machine's first non-loopback IPv4 address).
     */
    static final String KUBECONFIG = System.getProperty("ecivk.e2e.kubeconfig", "");

    /**
     * k3s is fresh for every run; on another cluster the scenarios get a namespace of their own, created here and
     * deleted after the run, so that the suite can run there again (and never touches what else is there).
     */
    static final String NS = KUBECONFIG.isBlank()
            ? "default"
            : "ecivk-e2e-" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    static final String NODE = "ecivk-k3s";
    static final Duration POD_TIMEOUT = Duration.ofSeconds(90);
    /**
     * The backend under test: {@code -Decivk.e2e.provider=ecs} or {@code huawei-ecs} runs the same scenarios with
     * one embedded VM per Pod and the real agent in it (in this JVM, like the embedded cloud).
     */
    static final String PROVIDER = System.getProperty("ecivk.e2e.provider", "simulator");

    static K3sContainer k3s;
    static KubernetesClient client;
    static VirtualKubelet vk;
    static String[] controllerArgs;

    /** Runs with a Docker engine (k3s) or a cluster of {@link #KUBECONFIG}; says which is missing otherwise. */
    static final class ClusterAvailable implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (!KUBECONFIG.isBlank()) {
                return ConditionEvaluationResult.enabled("on the cluster of " + KUBECONFIG);
            }
            return DockerClientFactory.instance().isDockerAvailable()
                    ? ConditionEvaluationResult.enabled("on k3s")
                    : ConditionEvaluationResult.disabled(
                            "no Docker engine for k3s, and no -Decivk.e2e.kubeconfig=FILE of another cluster");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        if (!KUBECONFIG.isBlank()) {
            client = new KubernetesClientBuilder()
                    .withConfig(
                            Config.fromKubeconfig(java.nio.file.Files.readString(java.nio.file.Path.of(KUBECONFIG))))
                    .build();
            ownNamespace();
            startController(System.getProperty("ecivk.e2e.node-ip", thisMachinesAddress()));
            return;
        }
        k3s = new K3sContainer(DockerImageName.parse("rancher/k3s:v1.32.1-k3s1"));
        // K3sContainer's own command plus a short node-monitor grace period (default 40 s), so that the node
        // lifecycle scenario sees Ready=Unknown within ~25 s of the Lease going stale
        k3s.withCommand(
                "server",
                "--disable=traefik",
                "--tls-san=" + k3s.getHost(),
                "--kube-controller-manager-arg=node-monitor-grace-period=20s");
        k3s.start();
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
                .build();

        // The apiserver's node proxy dials the Node's InternalIP:kubeletPort, and refuses loopback addresses. From
        // inside the k3s container the machine running this JVM is the gateway of the container's Docker network
        // (172.17.0.1 on the default bridge of a Linux engine), so that is the address the node advertises, and the
        // kubelet API listens on all interfaces to be reachable there. (Docker Desktop VMs route differently; there
        // the proxy scenarios need host networking.)
        String hostAsSeenFromK3s = k3s.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .map(n -> n.getGateway())
                .filter(g -> g != null && !g.isBlank())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the k3s container has no network gateway"));
        startController(hostAsSeenFromK3s);
    }

    /** This machine's first non-loopback IPv4 address: where an apiserver on it dials the node's kubelet API. */
    private static String thisMachinesAddress() throws java.net.SocketException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress())
                .map(java.net.InetAddress::getHostAddress)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no non-loopback IPv4 address: set -Decivk.e2e.node-ip"));
    }

    private static void startController(String nodeIp) throws Exception {
        int kubeletPort;
        try (ServerSocket s = new ServerSocket(0)) {
            kubeletPort = s.getLocalPort();
        }
        int agentPort;
        try (ServerSocket s = new ServerSocket(0)) {
            agentPort = s.getLocalPort();
        }
        controllerArgs = new String[] {
            "--provider",
            PROVIDER,
            "--vm-agent-port",
            String.valueOf(agentPort),
            "--vm-agent-report-interval",
            "1s",
            "--vm-agent-silence",
            "10s",
            "--vm-gateway-secret",
            NS + "/ecivk-agent-gateway",
            "--node-name",
            NODE,
            "--node-ip",
            nodeIp,
            "--kubelet-port",
            String.valueOf(kubeletPort),
            "--kubelet-bind-address",
            "0.0.0.0",
            // the apiserver's kubelet client certificate is k3s-internal; anonymous access keeps this suite about
            // the proxy path (authn/authz have their own tests in the operator)
            "--kubelet-anonymous-auth",
            "--metrics-port",
            "0",
            "--status-sync-interval",
            "1s",
            "--sim-start-delay",
            "500ms"
        };
        vk = VirtualKubelet.start(client, controllerArgs);
        await().atMost(Duration.ofSeconds(60)).until(() -> "True".equals(ready()));
    }

    /** Creates {@link #NS} and waits for its default ServiceAccount, without which no Pod is admitted. */
    private static void ownNamespace() {
        client.namespaces()
                .resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .addToLabels("app.kubernetes.io/part-of", "ecivk-e2e")
                        .endMetadata()
                        .build())
                .create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.serviceAccounts()
                                .inNamespace(NS)
                                .withName("default")
                                .get()
                        != null);
    }

    @AfterAll
    static void stop() {
        if (vk != null) {
            vk.close();
        }
        if (client != null && !KUBECONFIG.isBlank()) {
            client.namespaces().withName(NS).delete();
        }
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    @Override
    String ns() {
        return NS;
    }

    @Override
    KubernetesClient client() {
        return client;
    }

    @Override
    VirtualKubelet vk() {
        return vk;
    }

    @Override
    String node() {
        return NODE;
    }

    @Override
    Duration podTimeout() {
        return POD_TIMEOUT;
    }

    @Override
    PodBuilder podForNode(String name, String... command) {
        return ScenarioPods.forVirtualNode(NS, name, NODE, command);
    }

    @Override
    String kubeletGet(String path) {
        return client.raw("/api/v1/nodes/" + NODE + "/proxy" + path);
    }

    @Override
    String logs(String pod, String container) {
        return client.pods()
                .inNamespace(NS)
                .withName(pod)
                .inContainer(container)
                .getLog();
    }

    @Override
    ExecOutcome exec(String pod, String container, String... command) throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods()
                .inNamespace(NS)
                .withName(pod)
                .inContainer(container)
                .writingOutput(stdout)
                .exec(command)) {
            int exitCode = exec.exitCode().get(30, TimeUnit.SECONDS);
            return new ExecOutcome(stdout.toString(StandardCharsets.UTF_8), exitCode == 0);
        }
    }

    @Override
    void scale(String deployment, int replicas) {
        client.apps().deployments().inNamespace(NS).withName(deployment).scale(replicas);
    }

    @Override
    void startJob(Job job) {
        client.batch().v1().jobs().inNamespace(NS).resource(job).create();
    }

    @Override
    void awaitJobSucceeded(String job) {
        await().atMost(POD_TIMEOUT).until(() -> {
            Job j = client.batch().v1().jobs().inNamespace(NS).withName(job).get();
            return j.getStatus() != null
                    && Integer.valueOf(1).equals(j.getStatus().getSucceeded());
        });
    }

    // --- spot (here only: the mock has no ReplicaSet controller; KnowsItsCloudMockTest proves the Pod's side) ------

    /**
     * A spot group ECI reclaims ends its Pod Failed with reason SpotReclaimed, and the real ReplicaSet controller
     * replaces it with a Pod that runs. Spot is an ECI feature: with a VM backend this scenario is skipped.
     */
    @Test
    void aReclaimedSpotPodIsReplacedByItsReplicaSet() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                vk.embeddedEci().isPresent(), "spot reclaim is modelled by the embedded ECI only");
        io.fabric8.kubernetes.api.model.Pod shape = podForNode("spot", "sleep", "3600")
                .editSpec()
                .editFirstContainer()
                .withNewResources() // spot is sold by ECS instance size: 2 vCPU, 4 GiB is one
                .addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .addToRequests("memory", new io.fabric8.kubernetes.api.model.Quantity("4Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
        client.apps()
                .replicaSets()
                .inNamespace(NS)
                .resource(new io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("spot")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(1)
                        .withNewSelector()
                        .addToMatchLabels("app", "spot")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "spot")
                        .addToAnnotations("k8s.aliyun.com/eci-spot-strategy", "SpotAsPriceGo")
                        .endMetadata()
                        .withSpec(shape.getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        io.fabric8.kubernetes.api.model.Pod first = await().atMost(POD_TIMEOUT)
                .until(() -> spotPods("Running").stream().findFirst().orElse(null), java.util.Objects::nonNull);
        String containerId = first.getStatus().getContainerStatuses().get(0).getContainerID();
        String groupId = containerId.substring("eci://".length(), containerId.indexOf('/', "eci://".length()));

        assertThat(vk.embeddedEci().orElseThrow().reclaimSpot(groupId, null)).containsExactly(groupId);

        await().atMost(POD_TIMEOUT).untilAsserted(() -> {
            io.fabric8.kubernetes.api.model.Pod reclaimed = client.pods()
                    .inNamespace(NS)
                    .withName(first.getMetadata().getName())
                    .get();
            assertThat(reclaimed.getStatus().getPhase()).isEqualTo("Failed");
            assertThat(reclaimed.getStatus().getReason()).isEqualTo("SpotReclaimed");
            assertThat(spotPods("Running"))
                    .as("the ReplicaSet's replacement runs")
                    .extracting(p -> p.getMetadata().getName())
                    .hasSize(1)
                    .doesNotContain(first.getMetadata().getName());
        });
        client.apps().replicaSets().inNamespace(NS).withName("spot").delete();
    }

    private java.util.List<io.fabric8.kubernetes.api.model.Pod> spotPods(String phase) {
        return client.pods().inNamespace(NS).withLabel("app", "spot").list().getItems().stream()
                .filter(p -> p.getStatus() != null && phase.equals(p.getStatus().getPhase()))
                .toList();
    }

    // --- node lifecycle (last: it stops the controller) ----------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void nodeNotReadyWhenControllerStopsAndReadyWhenItReturns() throws Exception {
        assertThat(ready()).isEqualTo("True");
        vk.close();
        vk = null;
        // node-monitor-grace-period is 20 s here (40 s by default) and the node monitor runs every 5 s
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> "Unknown".equals(ready()));

        vk = VirtualKubelet.start(client, controllerArgs);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> "True".equals(ready()));
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static String ready() {
        Node n = client.nodes().withName(NODE).get();
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return "missing";
        }
        return n.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }
}
