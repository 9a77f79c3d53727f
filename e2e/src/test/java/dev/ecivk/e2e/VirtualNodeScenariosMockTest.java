package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.e2e.support.ExecChannels;
import dev.ecivk.e2e.support.KubeletApi;
import dev.ecivk.e2e.support.ScenarioPods;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The e2e scenarios of {@code VirtualNodeScenariosK3sIT}, method for method, as far as the fabric8 mock server
 * allows (the README's End-to-end scenarios table maps them). One controller with the embedded ECI serves the whole class.
 *
 * <p>What the mock cannot show: it ignores {@code spec.nodeName} field selectors (the controller filters
 * client-side here), it deletes at once (graceful deletion is held open with a test finalizer), it has no scheduler
 * (Pods are created with {@code spec.nodeName} set), no controller-manager (the Pods a ReplicaSet or Job would
 * create are created here, with their ownerReferences), no node lifecycle controller and no node proxy (the kubelet
 * API is called directly, and logs/exec also through the provider calls the kubelet API makes).
 */
class VirtualNodeScenariosMockTest {
    @RegisterExtension
    static final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-e2e-mock";
    static final String NS = "default";

    static KubernetesClient client;
    static VirtualKubelet vk;
    static int kubeletPort;

    @BeforeAll
    static void start() throws Exception {
        client = cluster.client();
        try (ServerSocket s = new ServerSocket(0)) {
            kubeletPort = s.getLocalPort();
        }
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.30.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                String.valueOf(kubeletPort),
                "--kubelet-bind-address",
                "127.0.0.1",
                "--kubelet-anonymous-auth",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "100ms",
                "--workers",
                "16");
    }

    @AfterAll
    static void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    // --- virtual-kubelet conformance (anchors-vk.md §D) -------------------------------------------------------

    @Test
    void getPods() throws Exception {
        Pod ours = create(ScenarioPods.bound(NS, "get-pods", NODE).build());
        create(ScenarioPods.bound(NS, "get-pods-elsewhere", "another-node").build());
        awaitRunning("get-pods");

        // the controller only acts on its node's Pods: the other one never gets a group
        assertThat(groupsOf(get("get-pods-elsewhere"))).isEmpty();
        assertThat(dev.ecivk.testing.Pods.groupId(get("get-pods-elsewhere"))).isNull();

        JsonNode list = json(kubelet().get("/pods"));
        // the informer's server-side spec.nodeName selector narrows /pods to this node's Pods
        assertThat(list.path("items"))
                .anySatisfy(p -> assertThat(p.path("metadata").path("uid").asText())
                        .isEqualTo(ours.getMetadata().getUid()));
        assertThat(list.path("items"))
                .allSatisfy(p ->
                        assertThat(p.path("spec").path("nodeName").asText()).isEqualTo(NODE));
    }

    @Test
    void statsSummary() throws Exception {
        create(ScenarioPods.withContainers(ScenarioPods.bound(NS, "stats-3", NODE), 3)
                .build());
        Pod pod = awaitRunning("stats-3");
        String groupId = groupId(pod);

        // what the kubelet API's stats are made of: one batched metric call covering all three containers
        List<GroupMetrics> metrics = vk.containerAccess().metrics(List.of(groupId));
        assertThat(metrics)
                .singleElement()
                .satisfies(m -> assertThat(m.containers())
                        .extracting(GroupMetrics.ContainerMetrics::name)
                        .containsExactlyInAnyOrder("app", "app-2", "app-3"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode summary = json(kubelet().get("/stats/summary"));
            assertThat(summary.path("node").path("nodeName").asText()).isEqualTo(NODE);
            JsonNode podStats = find(
                    summary.path("pods"),
                    p -> "stats-3".equals(p.path("podRef").path("name").asText()));
            assertThat(podStats.path("podRef").path("namespace").asText()).isEqualTo(NS);
            assertThat(podStats.path("podRef").path("uid").asText())
                    .isEqualTo(pod.getMetadata().getUid());
            assertThat(podStats.path("containers")).hasSize(3);
        });
    }

    @Test
    void metricsResource() throws Exception {
        create(ScenarioPods.withContainers(ScenarioPods.bound(NS, "metrics-3", NODE), 3)
                .build());
        Pod pod = awaitRunning("metrics-3");
        assertThat(vk.containerAccess().metrics(List.of(groupId(pod))))
                .singleElement()
                .satisfies(m -> assertThat(m.cpu()).isNotNull());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String text = kubelet().get("/metrics/resource");
            List<String> lines = text.lines().toList();
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
    void gracefulDelete() throws Exception {
        create(ScenarioPods.bound(NS, "graceful", NODE).build());
        Pod running = awaitRunning("graceful");
        assertThat(liveGroupsOf(running)).hasSize(1);

        client.pods().inNamespace(NS).withName("graceful").delete();
        Pod deleting = get("graceful");
        assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(deleting.getMetadata().getDeletionGracePeriodSeconds()).isPositive();
        // the apiserver keeps the Pod until its kubelet deleted the group and then the Pod, with grace 0
        await().atMost(Duration.ofSeconds(20)).until(() -> get("graceful") == null);
        assertThat(liveGroupsOf(running)).isEmpty();
    }

    @Test
    void forceDelete() throws Exception {
        create(ScenarioPods.bound(NS, "forced", NODE).build());
        Pod running = awaitRunning("forced");
        assertThat(liveGroupsOf(running)).hasSize(1);

        client.pods().inNamespace(NS).withName("forced").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(liveGroupsOf(running)).isEmpty());
        assertThat(get("forced")).isNull();
    }

    @Test
    void optionalMissingSecret() throws Exception {
        create(ScenarioPods.withSecretEnv(ScenarioPods.bound(NS, "opt-secret", NODE), "no-such-secret", true)
                .build());
        Pod running = awaitReady("opt-secret");
        awaitEvent("opt-secret", "OptionalSecretNotFound");
        assertThat(groupsOf(running)).hasSize(1);
    }

    @Test
    void mandatoryMissingSecret() throws Exception {
        Pod pod =
                create(ScenarioPods.withSecretEnv(ScenarioPods.bound(NS, "mand-secret", NODE), "no-such-secret", false)
                        .build());
        awaitEvent("mand-secret", "MandatorySecretNotFound");
        assertNeverReachesTheProvider(pod);
    }

    @Test
    void optionalMissingConfigMap() throws Exception {
        create(ScenarioPods.withConfigMapEnv(ScenarioPods.bound(NS, "opt-cm", NODE), "no-such-cm", true)
                .build());
        Pod running = awaitReady("opt-cm");
        awaitEvent("opt-cm", "OptionalConfigMapNotFound");
        assertThat(groupsOf(running)).hasSize(1);
    }

    @Test
    void mandatoryMissingConfigMap() throws Exception {
        Pod pod = create(ScenarioPods.withConfigMapEnv(ScenarioPods.bound(NS, "mand-cm", NODE), "no-such-cm", false)
                .build());
        awaitEvent("mand-cm", "MandatoryConfigMapNotFound");
        assertNeverReachesTheProvider(pod);
    }

    // --- workloads ------------------------------------------------------------------------------------------

    @Test
    void deploymentScale0To50To0() throws Exception {
        // no controller-manager on the mock: the Deployment and ReplicaSet are records, and the 50 Pods the
        // ReplicaSet would create are created here, owned by it and bound to the node as the scheduler would
        Deployment deployment = client.apps()
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
                        .withSpec(
                                ScenarioPods.bound(NS, "template", NODE).build().getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        ReplicaSet rs = client.apps()
                .replicaSets()
                .inNamespace(NS)
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withName("scale-5d8f")
                        .addToOwnerReferences(ScenarioPods.controlledBy(
                                "apps/v1",
                                "Deployment",
                                "scale",
                                deployment.getMetadata().getUid()))
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(50)
                        .withNewSelector()
                        .addToMatchLabels("app", "scale")
                        .endSelector()
                        .endSpec()
                        .build())
                .create();

        List<String> names =
                IntStream.range(0, 50).mapToObj(i -> "scale-5d8f-" + i).toList();
        names.parallelStream()
                .forEach(name -> create(ScenarioPods.bound(NS, name, NODE)
                        .editMetadata()
                        .withLabels(Map.of("app", "scale"))
                        .addToOwnerReferences(ScenarioPods.controlledBy(
                                "apps/v1",
                                "ReplicaSet",
                                rs.getMetadata().getName(),
                                rs.getMetadata().getUid()))
                        .endMetadata()
                        .build()));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> client.pods().inNamespace(NS).withLabel("app", "scale").list().getItems().stream()
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == 50);
        assertThat(liveNodeGroups("scale-5d8f-")).hasSize(50);

        // scale to 0: the ReplicaSet controller would delete the 50 Pods
        client.pods().inNamespace(NS).withLabel("app", "scale").delete();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(liveNodeGroups("scale-5d8f-")).isEmpty());
    }

    @Test
    void jobToCompletion() throws Exception {
        // no Job controller on the mock: the Job is a record and its one Pod is created here, owned by it
        Job job = client.batch()
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
                        .withSpec(ScenarioPods.bound(NS, "template", NODE)
                                .editSpec()
                                .withRestartPolicy("Never")
                                .endSpec()
                                .build()
                                .getSpec())
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
        create(ScenarioPods.bound(NS, "once-x7k2p", NODE, "sh", "-c", "echo computing; sleep 1; exit 0")
                .editMetadata()
                .addToLabels("job-name", "once")
                .addToOwnerReferences(ScenarioPods.controlledBy(
                        "batch/v1", "Job", "once", job.getMetadata().getUid()))
                .endMetadata()
                .editSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .build());

        await().atMost(Duration.ofSeconds(30)).until(() -> "Succeeded".equals(phase("once-x7k2p")));
        ContainerStatus app =
                get("once-x7k2p").getStatus().getContainerStatuses().get(0);
        assertThat(app.getState().getTerminated()).isNotNull();
        assertThat(app.getState().getTerminated().getExitCode()).isZero();
        assertThat(app.getRestartCount()).isZero();
    }

    @Test
    void crashLoopingContainer() throws Exception {
        create(ScenarioPods.bound(NS, "crasher", NODE, "sh", "-c", "echo failing; exit 3")
                .build());
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    ContainerStatus s = containerStatus("crasher");
                    assertThat(s.getState().getWaiting()).isNotNull();
                    assertThat(s.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
                });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(containerStatus("crasher").getRestartCount()).isGreaterThanOrEqualTo(2));
        ContainerStatus s = containerStatus("crasher");
        assertThat(s.getLastState().getTerminated()).isNotNull();
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(3);
        assertThat(phase("crasher")).isEqualTo("Running"); // restartPolicy Always: the Pod stays Running
    }

    @Test
    void logsThroughApiserver() throws Exception {
        create(ScenarioPods.bound(NS, "talker", NODE, "sh", "-c", "echo hello-from-eci; sleep 3600")
                .build());
        Pod pod = awaitRunning("talker");
        // the call the kubelet API makes for GET /containerLogs (DescribeContainerLog)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(vk.containerAccess().logs(groupId(pod), "app", LogQuery.all()))
                        .contains("hello-from-eci"));

        assertThat(kubelet().get("/containerLogs/" + NS + "/talker/app")).contains("hello-from-eci");
    }

    @Test
    void execThroughApiserver() throws Exception {
        create(ScenarioPods.bound(NS, "shell", NODE).build());
        Pod pod = awaitRunning("shell");
        // the session the kubelet API bridges for POST /exec (ExecContainerCommand → ECI's exec WebSocket)
        var uri = vk.containerAccess().exec(groupId(pod), "app", List.of("echo", "hi-from-exec"), false, false);
        ExecChannels.Result viaEci = ExecChannels.run(HttpClient.newHttpClient(), uri, Duration.ofSeconds(20));
        assertThat(viaEci.stdout()).isEqualTo("hi-from-exec\n");
        assertThat(viaEci.status()).contains("Success");

        ExecChannels.Result viaKubelet = kubelet().exec(NS, "shell", "app", "echo", "hi-from-kubelet");
        assertThat(viaKubelet.stdout()).isEqualTo("hi-from-kubelet\n");
        assertThat(viaKubelet.status()).contains("Success");
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static Pod create(Pod pod) {
        if (pod.getMetadata().getUid() == null) {
            pod.getMetadata().setUid(UUID.randomUUID().toString()); // the mock does not assign one
        }
        return client.pods().inNamespace(NS).resource(pod).create();
    }

    private static Pod get(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private static String phase(String name) {
        Pod p = get(name);
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static ContainerStatus containerStatus(String name) {
        Pod p = get(name);
        assertThat(p.getStatus()).isNotNull();
        assertThat(p.getStatus().getContainerStatuses()).isNotEmpty();
        return p.getStatus().getContainerStatuses().get(0);
    }

    private static Pod awaitRunning(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "Running".equals(phase(name)));
        return get(name);
    }

    private static Pod awaitReady(String name) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Pod p = get(name);
            return p != null
                    && p.getStatus() != null
                    && p.getStatus().getConditions() != null
                    && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        });
        return get(name);
    }

    private static void awaitEvent(String podName, String reason) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                        .filter(e -> podName.equals(e.getInvolvedObject().getName()))
                        .map(Event::getReason)
                        .anyMatch(reason::equals));
    }

    /** A Pod with a missing mandatory reference never gets a container group, now or on a later reconcile. */
    private static void assertNeverReachesTheProvider(Pod pod) throws Exception {
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> groupsOf(pod).isEmpty());
        assertThat(dev.ecivk.testing.Pods.groupId(get(pod.getMetadata().getName())))
                .isNull();
        assertThat(phase(pod.getMetadata().getName())).isNotEqualTo("Running");
    }

    private static String groupId(Pod pod) {
        return dev.ecivk.testing.Pods.groupId(pod);
    }

    private static List<ContainerGroupState> groupsOf(Pod pod) throws Exception {
        return vk.provider()
                .list(ListQuery.byTags(
                        Map.of(OwnershipTags.UID, pod.getMetadata().getUid())));
    }

    private static List<ContainerGroupState> liveGroupsOf(Pod pod) throws Exception {
        return groupsOf(pod).stream().filter(g -> !g.isTerminal()).toList();
    }

    private static List<ContainerGroupState> liveNodeGroups(String namePrefix) throws Exception {
        return vk.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, NODE))).stream()
                .filter(g -> !g.isTerminal())
                .filter(g -> g.tags().getOrDefault(OwnershipTags.NAME, "").startsWith(namePrefix))
                .toList();
    }

    private static KubeletApi kubelet() {
        return new KubeletApi(kubeletPort);
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static JsonNode find(JsonNode array, java.util.function.Predicate<JsonNode> test) {
        for (JsonNode n : array) {
            if (test.test(n)) {
                return n;
            }
        }
        throw new AssertionError("not found in " + array);
    }
}
