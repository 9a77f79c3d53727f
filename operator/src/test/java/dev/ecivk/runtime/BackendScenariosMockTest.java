package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.config.RunOptions;
import dev.ecivk.simulator.SimCounters;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.KubeletResponse;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The scenarios every backend must pass, the same assertions for each, through the real controller on the
 * realistic-cluster fixture: the production wiring ({@code --provider …}), the cloud's official SDK over HTTP to its
 * embedded cloud, and for the VM backends each VM booting its user data into the real agent, which registers with
 * the gateway, fetches its Pod and runs it on the simulated runtime.
 *
 * <ul>
 *   <li>a Pod placed by the scheduler runs with the IP its instance has, its logs, an exec and its stats reach the
 *       kubelet API the way the apiserver reaches them, and once deleted nothing is left (instance, spec Secret);
 *   <li>a controller restarted in the middle of a burst launches every Pod's instance exactly once (the embedded
 *       cloud's create counter), the cloud outliving the controller as an account does.
 * </ul>
 */
@ParameterizedClass(name = "{0}")
@EnumSource(ScenarioCloud.class)
class BackendScenariosMockTest {
    static final String NS = "default";

    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().allowLoopbackKubelet(true).build();

    @Parameter
    ScenarioCloud cloud;

    @TempDir
    Path dir;

    KubernetesClient client;
    final String node = "vk-" + UUID.randomUUID().toString().substring(0, 6);
    /** The agent gateway's port, the same across a restart: every VM's user data names it. */
    final int agentPort = VmBackendMockTest.freePort();

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    /** The options of a controller of this test's node; {@code extra} are appended (a later value wins). */
    List<String> options(String... extra) throws Exception {
        Path ca = Files.writeString(dir.resolve("kubelet-client-ca.pem"), cluster.kubeletClientCaPem());
        List<String> args = new ArrayList<>(List.of(
                "--provider", cloud.provider,
                "--node-name", node,
                "--node-ip", "127.0.0.1",
                "--kubelet-port", "0",
                "--kubelet-client-ca", ca.toString(),
                "--metrics-port", "0",
                "--status-sync-interval", "200ms",
                "--orphan-grace", "0s",
                "--orphan-gc-interval", "1h",
                "--sim-start-delay", "200ms",
                "--vm-agent-port", Integer.toString(agentPort),
                "--vm-agent-report-interval", ScenarioCloud.REPORT_EVERY.toMillis() + "ms",
                "--vm-agent-silence", "5s",
                "--vm-agent-lost", "1m",
                "--vm-gateway-secret", NS + "/ecivk-agent-gateway"));
        args.addAll(List.of(extra));
        return args;
    }

    VirtualKubelet start(List<String> args) throws Exception {
        VirtualKubelet vk = VirtualKubelet.start(client, args.toArray(String[]::new));
        cleanup.add(vk);
        return vk;
    }

    @Test
    void aPodRunsWithItsInstancesIpServesLogsExecAndStatsAndLeavesNothingBehind() throws Exception {
        VirtualKubelet vk = start(options());
        AutoCloseable embedded = vk.embeddedCloud().orElseThrow();
        String deleteSeries = series(vk, cloud.deleteAction, "success");
        assertThat(deleteSeries)
                .as("registered at zero before the first delete")
                .endsWith(" 0.0");

        Pod pod = client.pods()
                .inNamespace(NS)
                .resource(scheduled("web", "sh", "-c", "echo hello-from-" + cloud + "; sleep 3600"))
                .create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase("web")));
        Pod web = get("web");
        String instance = Pods.groupId(web);
        assertThat(web.getSpec().getNodeName()).as("placed by the scheduler").isEqualTo(node);
        assertThat(cloud.liveAddresses(embedded)).containsOnlyKeys(instance);
        assertThat(web.getStatus().getPodIP())
                .isNotBlank()
                .isEqualTo(cloud.liveAddresses(embedded).get(instance));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Boolean.TRUE.equals(
                        get("web").getStatus().getContainerStatuses().get(0).getReady()));

        // logs, as `kubectl logs` reaches them: the Pod's log subresource (the kubelet authorizes the apiserver's
        // call with a SubjectAccessReview to the same apiserver meanwhile), and the node proxy
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(
                                client.pods().inNamespace(NS).withName("web").getLog())
                        .contains("hello-from-" + cloud));
        KubeletResponse logs = cluster.kubelet(node, "/containerLogs/" + NS + "/web/app?tailLines=1");
        assertThat(logs.code()).isEqualTo(200);
        assertThat(logs.body()).isEqualTo("hello-from-" + cloud + "\n");

        // exec, as `kubectl exec` reaches it: upgraded through the apiserver to the kubelet API
        assertThat(execThroughTheApiserver("web", "echo", "exec-on-" + cloud)).isEqualTo("exec-on-" + cloud + "\n");

        // stats, as metrics-server reads them
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            KubeletResponse summary = cluster.kubelet(node, "/stats/summary");
            assertThat(summary.code()).isEqualTo(200);
            JsonNode podStats = podStats(new ObjectMapper().readTree(summary.body()), "web");
            assertThat(podStats.path("podRef").path("uid").asText())
                    .isEqualTo(pod.getMetadata().getUid());
            JsonNode app = podStats.path("containers").get(0);
            assertThat(app.path("name").asText()).isEqualTo("app");
            assertThat(app.path("cpu").path("usageNanoCores").asLong()).isPositive();
            assertThat(app.path("memory").path("workingSetBytes").asLong()).isPositive();
        });
        assertThat(series(vk, cloud.launchAction, "success")).doesNotEndWith(" 0.0");

        // a short grace period: the shell ignores SIGTERM as PID 1, and the VM backends wait the grace period out
        // before the instance goes (VmGracefulStopMockTest)
        client.pods().inNamespace(NS).withName("web").withGracePeriod(1).delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> get("web") == null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> cloud.liveAddresses(embedded).isEmpty());
        await().atMost(Duration.ofSeconds(10)).until(() -> specSecrets().isEmpty());
        assertThat(vk.collectOrphansNow()).isZero();
        assertThat(cloud.counters(embedded).creates()).isEqualTo(1);
        assertThat(series(vk, cloud.deleteAction, "success")).doesNotEndWith(" 0.0");
    }

    @Test
    void aControllerRestartedMidBurstLaunchesEveryInstanceExactlyOnce() throws Exception {
        int n = 18;
        SimulatedVms vms = new SimulatedVms();
        cleanup.add(vms);
        AutoCloseable embedded =
                cloud.startSeparately(RunOptions.parse(options().toArray(String[]::new)), vms);
        cleanup.add(embedded);
        SimCounters counters = cloud.counters(embedded);
        List<String> args = options(cloud.endpointOption(embedded).toArray(String[]::new));

        VirtualKubelet first = start(concat(args, "--workers", "2"));
        IntStream.range(0, n)
                .forEach(i -> client.pods()
                        .inNamespace(NS)
                        .resource(scheduled("burst-" + i, "sh", "-c", "echo " + i + "; sleep 3600"))
                        .create());
        await().atMost(Duration.ofSeconds(60)).until(() -> counters.creates() >= n / 3);
        first.close();
        cleanup.remove(first);
        long launchedBeforeTheRestart = counters.creates();
        assertThat(launchedBeforeTheRestart).as("the restart lands mid-burst").isLessThan(n);

        start(args);
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> client.pods().inNamespace(NS).list().getItems().stream()
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count()
                        == n);
        assertThat(counters.creates()).as("one launch per Pod").isEqualTo(n);
        Map<String, String> live = cloud.liveAddresses(embedded);
        assertThat(live).hasSize(n);
        assertThat(client.pods().inNamespace(NS).list().getItems())
                .allSatisfy(p -> assertThat(live)
                        .containsEntry(Pods.groupId(p), p.getStatus().getPodIP()));

        client.pods().inNamespace(NS).withGracePeriod(1).delete();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> cloud.liveAddresses(embedded).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> specSecrets().isEmpty());
    }

    /** A Pod the fixture's scheduler places on this test's node (it tolerates the taint and selects the node). */
    Pod scheduled(String name, String... command) {
        return Pods.bound(NS, name, null, command)
                .editSpec()
                .addToNodeSelector("kubernetes.io/hostname", node)
                .endSpec()
                .build();
    }

    Pod get(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    String phase(String name) {
        Pod p = get(name);
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    /** Runs {@code command} in the Pod through the cluster's front door, as kubectl does; its stdout. */
    String execThroughTheApiserver(String pod, String... command) throws Exception {
        Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        try (KubernetesClient kubectl = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                .build()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ExecWatch watch = kubectl.pods()
                    .inNamespace(NS)
                    .withName(pod)
                    .inContainer("app")
                    .writingOutput(out)
                    .exec(command)) {
                assertThat(watch.exitCode().get(30, TimeUnit.SECONDS)).isZero();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static JsonNode podStats(JsonNode summary, String name) {
        for (JsonNode p : summary.path("pods")) {
            if (name.equals(p.path("podRef").path("name").asText())) {
                return p;
            }
        }
        throw new AssertionError("no stats of " + name + " in " + summary);
    }

    /** The Prometheus line of the cloud-call counter of {@code action} with {@code outcome}. */
    static String series(VirtualKubelet vk, String action, String outcome) throws Exception {
        String text = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + vk.metricsPort() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return text.lines()
                .filter(l -> l.startsWith("ecivk_cloud_api_calls_total{")
                        && l.contains("action=\"" + action + "\"")
                        && l.contains("outcome=\"" + outcome + "\""))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + outcome + " series of " + action));
    }

    /** The Pod specs waiting in Secrets for their VM's agent. */
    List<String> specSecrets() {
        return client.secrets().inNamespace(NS).list().getItems().stream()
                .map(s -> s.getMetadata().getName())
                .filter(name -> name.startsWith("ecivk-vm-spec-"))
                .toList();
    }

    static List<String> concat(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return all;
    }
}
