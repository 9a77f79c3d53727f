package dev.ecivk.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.e2e.support.ExecChannels;
import dev.ecivk.e2e.support.KubeletApi;
import dev.ecivk.e2e.support.ScenarioPods;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link VirtualNodeScenarios} on the fabric8 mock server (the realistic-cluster fixture), with the embedded ECI; one
 * controller serves the whole class. It runs everywhere; {@code VirtualNodeScenariosK3sIT} runs the same scenarios
 * on k3s where Docker is available.
 *
 * <p>What the mock cannot show, and how this binding stands in: it has no scheduler (Pods are created with {@code
 * spec.nodeName} set), no controller-manager (the Pods a ReplicaSet or Job would create are created here, with their
 * ownerReferences, and nothing counts a Job's success), no node proxy (the kubelet API is called directly), and it
 * deletes at once (graceful deletion is held open with a test finalizer).
 */
class VirtualNodeScenariosMockTest extends VirtualNodeScenarios {
    static final String NS = "default";

    @RegisterExtension
    static final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-e2e-mock";

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
        return Duration.ofSeconds(30);
    }

    @Override
    PodBuilder podForNode(String name, String... command) {
        return ScenarioPods.bound(NS, name, NODE, command);
    }

    @Override
    String kubeletGet(String path) throws Exception {
        return kubelet().get(path);
    }

    @Override
    String logs(String pod, String container) throws Exception {
        return kubelet().get("/containerLogs/" + NS + "/" + pod + "/" + container);
    }

    @Override
    ExecOutcome exec(String pod, String container, String... command) throws Exception {
        ExecChannels.Result result = kubelet().exec(NS, pod, container, command);
        return new ExecOutcome(result.stdout(), result.status().contains("Success"));
    }

    /** The ReplicaSet controller's part: one ReplicaSet, and its Pods created (bound) or deleted. */
    @Override
    void scale(String deployment, int replicas) {
        Deployment d =
                client.apps().deployments().inNamespace(NS).withName(deployment).get();
        String rsName = deployment + "-5d8f";
        ReplicaSet rs =
                client.apps().replicaSets().inNamespace(NS).withName(rsName).get();
        if (rs == null) {
            rs = client.apps()
                    .replicaSets()
                    .inNamespace(NS)
                    .resource(new ReplicaSetBuilder()
                            .withNewMetadata()
                            .withName(rsName)
                            .addToOwnerReferences(ScenarioPods.controlledBy(
                                    "apps/v1",
                                    "Deployment",
                                    deployment,
                                    d.getMetadata().getUid()))
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(replicas)
                            .withSelector(d.getSpec().getSelector())
                            .endSpec()
                            .build())
                    .create();
        }
        if (replicas == 0) {
            client.pods()
                    .inNamespace(NS)
                    .withLabels(d.getSpec().getSelector().getMatchLabels())
                    .delete();
            return;
        }
        ReplicaSet owner = rs;
        IntStream.range(0, replicas)
                .parallel()
                .forEach(i -> create(new PodBuilder()
                        .withNewMetadata()
                        .withNamespace(NS)
                        .withName(rsName + "-" + i)
                        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
                        .addToOwnerReferences(ScenarioPods.controlledBy(
                                "apps/v1",
                                "ReplicaSet",
                                owner.getMetadata().getName(),
                                owner.getMetadata().getUid()))
                        .endMetadata()
                        .withSpec(d.getSpec().getTemplate().getSpec())
                        .build()));
    }

    /** The Job controller's part: the Job's one Pod, labelled and owned as the controller would. */
    @Override
    void startJob(Job job) {
        Job created = client.batch().v1().jobs().inNamespace(NS).resource(job).create();
        String name = created.getMetadata().getName();
        create(new PodBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name + "-x7k2p")
                .addToLabels("job-name", name)
                .addToOwnerReferences(ScenarioPods.controlledBy(
                        "batch/v1", "Job", name, created.getMetadata().getUid()))
                .endMetadata()
                .withSpec(created.getSpec().getTemplate().getSpec())
                .build());
    }

    /** No Job controller: nothing counts the Pod's success in the Job's status. */
    @Override
    void awaitJobSucceeded(String job) {}

    // --- the provider calls behind the kubelet API (only this binding sees the embedded ECI's own protocol) --------

    @Test
    void logsAndExecThroughTheProviderCalls() throws Exception {
        create(podForNode("provider-talker", "sh", "-c", "echo hello-from-eci; sleep 3600")
                .build());
        Pod pod = awaitRunning("provider-talker");
        String groupId = Pods.groupId(pod);
        // the call the kubelet API makes for GET /containerLogs (DescribeContainerLog)
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(vk.containerAccess().logs(groupId, "app", LogQuery.all()))
                        .contains("hello-from-eci"));
        // the session the kubelet API bridges for POST /exec (ExecContainerCommand, then ECI's exec WebSocket)
        var uri = vk.containerAccess().exec(groupId, "app", List.of("echo", "hi-from-exec"), false, false);
        ExecChannels.Result viaEci = ExecChannels.run(HttpClient.newHttpClient(), uri, Duration.ofSeconds(20));
        assertThat(viaEci.stdout()).isEqualTo("hi-from-exec\n");
        assertThat(viaEci.status()).contains("Success");
    }

    private static KubeletApi kubelet() {
        return new KubeletApi(kubeletPort);
    }
}
