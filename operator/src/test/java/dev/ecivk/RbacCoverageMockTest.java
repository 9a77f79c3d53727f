package dev.ecivk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.ApiCall;
import dev.ecivk.testing.ApiCallRecorder;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.RbacRules;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the controller's everyday scenario — leader election, node registration and heartbeats, Pods with
 * ConfigMap/Secret references, status, Events, deletion, re-registration of a deleted Node — against the mock server
 * while recording every API call, and checks that the chart's RBAC grants each of them.
 */
class RbacCoverageMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces(RbacRules.CHART_NAMESPACE).build();

    static final String NODE = "vk-rbac";
    KubernetesClient client;
    KubernetesMockServer server;

    @Test
    void theChartsRbacCoversEveryCallTheControllerMakes() throws Exception {
        client.configMaps()
                .inNamespace("default")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("app-config")
                        .endMetadata()
                        .addToData("mode", "fast")
                        .build())
                .create();
        client.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("app-secret")
                        .endMetadata()
                        .addToStringData("password", "hunter2")
                        .build())
                .create();
        ApiCallRecorder recorder = new ApiCallRecorder();
        recorder.drain(server); // only the controller's own calls count from here on

        try (VirtualKubelet vk = VirtualKubelet.start(
                client,
                "--leader-election",
                "--leader-election-namespace",
                RbacRules.CHART_NAMESPACE,
                "--node-name",
                NODE,
                "--node-ip",
                "10.40.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--status-sync-interval",
                "200ms")) {
            await().atMost(Duration.ofSeconds(20)).until(vk::isLeader);
            Pod pod = Pods.bound("default", "refs", NODE)
                    .editMetadata()
                    .addToFinalizers("test.ecivk.dev/hold")
                    .endMetadata()
                    .editSpec()
                    .editFirstContainer()
                    .addNewEnv()
                    .withName("MODE")
                    .withNewValueFrom()
                    .withNewConfigMapKeyRef("mode", "app-config", false)
                    .endValueFrom()
                    .endEnv()
                    .addNewEnv()
                    .withName("PASSWORD")
                    .withNewValueFrom()
                    .withNewSecretKeyRef("password", "app-secret", false)
                    .endValueFrom()
                    .endEnv()
                    .endContainer()
                    .endSpec()
                    .build();
            client.pods().inNamespace("default").resource(pod).create();
            await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> "Running"
                            .equals(client.pods()
                                    .inNamespace("default")
                                    .withName("refs")
                                    .get()
                                    .getStatus()
                                    .getPhase()));
            client.pods().inNamespace("default").withName("refs").delete();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> vk
                            .provider()
                            .list(dev.ecivk.provider.model.ListQuery.byIds(
                                    java.util.List.of(dev.ecivk.testing.Pods.groupId(client.pods()
                                            .inNamespace("default")
                                            .withName("refs")
                                            .get()))))
                            .stream()
                            .allMatch(g -> g.isTerminal()));
            client.nodes().withName(NODE).delete();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> client.nodes().withName(NODE).get() != null);
        }

        // what the test itself did (creating the Pod, deleting the Node) is not the controller's
        Set<ApiCall> calls = recorder.drain(server).stream()
                .filter(c -> !(c.verb().equals("create") && "pods".equals(c.resource())))
                .filter(c -> !(c.verb().equals("delete") && "nodes".equals(c.resource())))
                .collect(Collectors.toSet());
        RbacRules chart = RbacRules.fromChart("");
        assertThat(calls).as("calls recorded").isNotEmpty();
        assertThat(chart.uncovered(calls))
                .as("calls the chart's RBAC does not allow")
                .isEmpty();
    }
}
