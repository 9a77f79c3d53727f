package dev.ecivk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The recorder sees the requests the real fabric8 client sends, classified as the apiserver would. */
// Plain HTTP: the HTTPS mock needs matching Bouncy Castle jars, which the parent POM does not align yet.
@EnableKubernetesMockClient(crud = true, https = false)
class ApiCallRecorderMockTest {
    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void recordsTheClientsCallsAsRbacSeesThem() {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("vk-1")
                        .endMetadata()
                        .build())
                .create();
        client.nodes()
                .withName("vk-1")
                .editStatus(n -> new NodeBuilder(n)
                        .editOrNewStatus()
                        .withConditions(new NodeConditionBuilder()
                                .withType("Ready")
                                .withStatus("True")
                                .build())
                        .endStatus()
                        .build());
        client.leases()
                .inNamespace("kube-node-lease")
                .resource(new LeaseBuilder()
                        .withNewMetadata()
                        .withName("vk-1")
                        .endMetadata()
                        .build())
                .create();
        List<Pod> seen = new CopyOnWriteArrayList<>();
        try (Watch ignored = client.pods().inAnyNamespace().watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            client.pods()
                    .inNamespace("ns1")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("p1")
                            .endMetadata()
                            .build())
                    .create();
            Awaitility.await().until(() -> !seen.isEmpty());
        }
        client.pods().inNamespace("ns1").withName("p1").withGracePeriod(0).delete();

        ApiCallRecorder recorder = new ApiCallRecorder();
        recorder.drain(server);

        assertThat(recorder.calls())
                .contains(
                        ApiCall.resource("create", "", "nodes", null, null, null),
                        ApiCall.resource("get", "", "nodes", null, null, "vk-1"),
                        ApiCall.resource("patch", "", "nodes", "status", null, "vk-1"),
                        ApiCall.resource("create", "coordination.k8s.io", "leases", null, "kube-node-lease", null),
                        ApiCall.resource("watch", "", "pods", null, null, null),
                        ApiCall.resource("create", "", "pods", null, "ns1", null),
                        ApiCall.resource("delete", "", "pods", null, "ns1", "p1"));
        assertThat(recorder.drain(server)).as("drained once").isEmpty();
    }

    @Test
    void wrapsTheDispatcherOfAHandBuiltServer() {
        ApiCallRecorder recorder = new ApiCallRecorder();
        KubernetesMockServer own = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                recorder.wrap(new KubernetesCrudDispatcher()),
                false);
        own.init();
        try (KubernetesClient ownClient = own.createClient()) {
            ownClient
                    .configMaps()
                    .inNamespace("ns1")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("c1")
                            .endMetadata()
                            .build())
                    .create();
            assertThat(ownClient.configMaps().inNamespace("ns1").withName("c1").get())
                    .isNotNull();
        } finally {
            own.destroy();
        }

        assertThat(recorder.calls())
                .containsExactly(
                        ApiCall.resource("create", "", "configmaps", null, "ns1", null),
                        ApiCall.resource("get", "", "configmaps", null, "ns1", "c1"));
    }
}
