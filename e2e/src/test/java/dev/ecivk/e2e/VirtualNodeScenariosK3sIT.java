package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.e2e.support.ScenarioPods;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The e2e scenarios on a real apiserver, scheduler and controller-manager (k3s): virtual-kubelet's conformance
 * checks (anchors-vk.md §D) through the apiserver's node proxy, workloads, a crash loop, logs and exec through the
 * apiserver, and the node lifecycle controller. The controller runs in this JVM with the embedded ECI (or, with
 * {@code -Decivk.e2e.provider=ecs|huawei-ecs}, an embedded VM cloud); k3s reaches its kubelet API over the Docker
 * bridge. Needs a Docker engine (skipped without one); {@code
 * VirtualNodeScenariosMockTest} runs the same scenarios, as far as the mock server allows, everywhere.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualNodeScenariosK3sIT {
    static final String NODE = "ecivk-k3s";
    static final String NS = "default";
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

    @BeforeAll
    static void start() throws Exception {
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
            hostAsSeenFromK3s,
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

    @AfterAll
    static void stop() {
        if (vk != null) {
            vk.close();
        }
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop();
        }
    }

    // --- virtual-kubelet conformance, through the apiserver's node proxy ---------------------------------------

    @Test
    @Order(1)
    void getPods() throws Exception {
        Pod pod = create(ScenarioPods.forVirtualNode(NS, "get-pods", NODE).build());
        awaitRunning("get-pods");
        JsonNode list = json(client.raw("/api/v1/nodes/" + NODE + "/proxy/pods"));
        assertThat(list.path("items"))
                .allSatisfy(p ->
                        assertThat(p.path("spec").path("nodeName").asText()).isEqualTo(NODE));
        assertThat(list.path("items"))
                .anySatisfy(p -> assertThat(p.path("metadata").path("uid").asText())
                        .isEqualTo(pod.getMetadata().getUid()));
    }

    @Test
    @Order(2)
    void statsSummary() throws Exception {
        Pod pod = create(ScenarioPods.withContainers(ScenarioPods.forVirtualNode(NS, "stats-3", NODE), 3)
                .build());
        awaitRunning("stats-3");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode summary = json(client.raw("/api/v1/nodes/" + NODE + "/proxy/stats/summary"));
            assertThat(summary.path("node").path("nodeName").asText()).isEqualTo(NODE);
            JsonNode podStats = null;
            for (JsonNode p : summary.path("pods")) {
                if (pod.getMetadata()
                        .getUid()
                        .equals(p.path("podRef").path("uid").asText())) {
                    podStats = p;
                }
            }
            assertThat(podStats).as("stats of stats-3 in %s", summary).isNotNull();
            assertThat(podStats.path("podRef").path("name").asText()).isEqualTo("stats-3");
            assertThat(podStats.path("podRef").path("namespace").asText()).isEqualTo(NS);
            assertThat(podStats.path("containers")).hasSize(3);
        });
    }

    @Test
    @Order(3)
    void metricsResource() {
        create(ScenarioPods.withContainers(ScenarioPods.forVirtualNode(NS, "metrics-3", NODE), 3)
                .build());
        awaitRunning("metrics-3");
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> lines = client.raw("/api/v1/nodes/" + NODE + "/proxy/metrics/resource")
                    .lines()
                    .toList();
            assertThat(lines)
                    .anyMatch(l -> l.startsWith("pod_cpu_usage_seconds_total{") && l.contains("pod=\"metrics-3\""));
            for (String container : List.of("app", "app-2", "app-3")) {
                assertThat(lines)
                        .filteredOn(l -> l.startsWith("container_cpu_usage_seconds_total{")
                                && l.contains("pod=\"metrics-3\"")
                                && l.contains("container=\"" + container + "\""))
                        .hasSize(1);
            }
        });
    }

    @Test
    @Order(4)
    void gracefulDelete() throws Exception {
        create(ScenarioPods.forVirtualNode(NS, "graceful", NODE).build());
        Pod running = awaitRunning("graceful");
        assertThat(running.getStatus().getPodIP()).isNotBlank();
        assertThat(liveGroupsOf(running)).hasSize(1);

        client.pods().inNamespace(NS).withName("graceful").delete();
        Pod deleting = get("graceful");
        if (deleting != null) { // the controller may already have finished the deletion
            assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isPositive();
        }
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveGroupsOf(running)).isEmpty());
        // the kubelet protocol: nothing but the node's kubelet ends a graceful deletion (the apiserver only marks
        // the Pod), so the Pod going away at all shows the controller deleted it with grace 0 once its group was gone
        await().atMost(Duration.ofSeconds(60)).until(() -> get("graceful") == null);
    }

    @Test
    @Order(5)
    void forceDelete() throws Exception {
        create(ScenarioPods.forVirtualNode(NS, "forced", NODE).build());
        Pod running = awaitRunning("forced");
        client.pods().inNamespace(NS).withName("forced").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveGroupsOf(running)).isEmpty());
        assertThat(get("forced")).isNull();
    }

    @Test
    @Order(6)
    void optionalMissingSecret() throws Exception {
        create(ScenarioPods.withSecretEnv(ScenarioPods.forVirtualNode(NS, "opt-secret", NODE), "no-such", true)
                .build());
        Pod ready = awaitReady("opt-secret");
        awaitEvent("opt-secret", "OptionalSecretNotFound");
        assertThat(groupsOf(ready)).hasSize(1);
    }

    @Test
    @Order(7)
    void mandatoryMissingSecret() throws Exception {
        create(ScenarioPods.withSecretEnv(ScenarioPods.forVirtualNode(NS, "mand-secret", NODE), "no-such", false)
                .build());
        awaitEvent("mand-secret", "MandatorySecretNotFound");
        assertNeverReachesTheProvider(get("mand-secret"));
    }

    @Test
    @Order(8)
    void optionalMissingConfigMap() throws Exception {
        create(ScenarioPods.withConfigMapEnv(ScenarioPods.forVirtualNode(NS, "opt-cm", NODE), "no-such", true)
                .build());
        Pod ready = awaitReady("opt-cm");
        awaitEvent("opt-cm", "OptionalConfigMapNotFound");
        assertThat(groupsOf(ready)).hasSize(1);
    }

    @Test
    @Order(9)
    void mandatoryMissingConfigMap() throws Exception {
        create(ScenarioPods.withConfigMapEnv(ScenarioPods.forVirtualNode(NS, "mand-cm", NODE), "no-such", false)
                .build());
        awaitEvent("mand-cm", "MandatoryConfigMapNotFound");
        assertNeverReachesTheProvider(get("mand-cm"));
    }

    // --- workloads ------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void deploymentScale0To50To0() throws Exception {
        client.apps()
                .deployments()
                .inNamespace(NS)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("scale")
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(0)
                        .withNewSelector()
                        .addToMatchLabels("app", "scale")
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels("app", "scale")
                        .endMetadata()
                        .withSpec(ScenarioPods.forVirtualNode(NS, "t", NODE)
                                .build()
                                .getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        client.apps().deployments().inNamespace(NS).withName("scale").scale(50);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.pods().inNamespace(NS).withLabel("app", "scale").list().getItems().stream()
                                .filter(p -> NODE.equals(p.getSpec().getNodeName()))
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == 50);

        client.apps().deployments().inNamespace(NS).withName("scale").scale(0);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.pods()
                        .inNamespace(NS)
                        .withLabel("app", "scale")
                        .list()
                        .getItems()
                        .isEmpty());
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                vk.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, NODE))).stream()
                                        .filter(g -> !g.isTerminal())
                                        .filter(g -> g.tags()
                                                .getOrDefault(OwnershipTags.NAME, "")
                                                .startsWith("scale-")))
                        .isEmpty());
    }

    @Test
    @Order(11)
    void jobToCompletion() {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(NS)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName("once")
                        .endMetadata()
                        .withNewSpec()
                        .withCompletions(1)
                        .withBackoffLimit(0)
                        .withNewTemplate()
                        .withSpec(ScenarioPods.forVirtualNode(NS, "t", NODE, "sh", "-c", "echo computing; exit 0")
                                .editSpec()
                                .withRestartPolicy("Never")
                                .endSpec()
                                .build()
                                .getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        await().atMost(POD_TIMEOUT).until(() -> {
            Job job =
                    client.batch().v1().jobs().inNamespace(NS).withName("once").get();
            return job.getStatus() != null
                    && Integer.valueOf(1).equals(job.getStatus().getSucceeded());
        });
        Pod pod = client.pods()
                .inNamespace(NS)
                .withLabel("job-name", "once")
                .list()
                .getItems()
                .get(0);
        assertThat(pod.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(pod.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getExitCode())
                .isZero();
    }

    @Test
    @Order(12)
    void crashLoopingContainer() {
        create(ScenarioPods.forVirtualNode(NS, "crasher", NODE, "sh", "-c", "echo failing; exit 3")
                .build());
        await().atMost(POD_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            ContainerStatus s = containerStatus("crasher");
            assertThat(s.getState().getWaiting()).isNotNull();
            assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        });
        await().atMost(POD_TIMEOUT)
                .untilAsserted(() ->
                        assertThat(containerStatus("crasher").getRestartCount()).isGreaterThanOrEqualTo(2));
        assertThat(containerStatus("crasher").getLastState().getTerminated().getExitCode())
                .isEqualTo(3);
    }

    @Test
    @Order(13)
    void logsThroughApiserver() {
        create(ScenarioPods.forVirtualNode(NS, "talker", NODE, "sh", "-c", "echo hello-from-eci; sleep 3600")
                .build());
        awaitRunning("talker");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(client.pods()
                                .inNamespace(NS)
                                .withName("talker")
                                .inContainer("app")
                                .getLog())
                        .contains("hello-from-eci"));
    }

    @Test
    @Order(14)
    void execThroughApiserver() throws Exception {
        create(ScenarioPods.forVirtualNode(NS, "shell", NODE).build());
        awaitRunning("shell");
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods()
                .inNamespace(NS)
                .withName("shell")
                .inContainer("app")
                .writingOutput(stdout)
                .exec("echo", "hi-from-exec")) {
            assertThat(exec.exitCode().get(30, TimeUnit.SECONDS)).isZero();
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).isEqualTo("hi-from-exec\n");
    }

    // --- node lifecycle (last: it stops the controller) ----------------------------------------------------------

    @Test
    @Order(100)
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

    private static Pod create(Pod pod) {
        return client.pods().inNamespace(NS).resource(pod).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

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

    private static ContainerStatus containerStatus(String name) {
        Pod p = get(name);
        assertThat(p.getStatus().getContainerStatuses()).isNotEmpty();
        return p.getStatus().getContainerStatuses().get(0);
    }

    private static Pod awaitRunning(String name) {
        await().atMost(POD_TIMEOUT).untilAsserted(() -> {
            Pod p = get(name);
            assertThat(p.getSpec().getNodeName()).isEqualTo(NODE);
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
        });
        return get(name);
    }

    private static Pod awaitReady(String name) {
        await().atMost(POD_TIMEOUT)
                .until(() -> get(name).getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
        return get(name);
    }

    private static void awaitEvent(String podName, String reason) {
        await().atMost(POD_TIMEOUT)
                .until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                        .filter(e -> podName.equals(e.getInvolvedObject().getName()))
                        .map(Event::getReason)
                        .anyMatch(reason::equals));
    }

    private static void assertNeverReachesTheProvider(Pod pod) throws Exception {
        await().during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .until(() -> groupsOf(pod).isEmpty());
        assertThat(get(pod.getMetadata().getName()).getStatus().getPhase()).isNotEqualTo("Running");
    }

    private static List<ContainerGroupState> groupsOf(Pod pod) throws Exception {
        return vk.provider()
                .list(ListQuery.byTags(
                        Map.of(OwnershipTags.UID, pod.getMetadata().getUid())));
    }

    private static List<ContainerGroupState> liveGroupsOf(Pod pod) throws Exception {
        return groupsOf(pod).stream().filter(g -> !g.isTerminal()).toList();
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
