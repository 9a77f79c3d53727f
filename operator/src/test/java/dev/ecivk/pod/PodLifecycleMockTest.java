package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Pod through every layer — Node registration, Pod → ContainerGroup on the embedded ECI (over HTTP, through the
 * real ECI client), status back, deletion — against a {@link RealisticCluster}: the Pod informer uses the server-side
 * {@code spec.nodeName} field selector as in production, other controllers write the Node and the Pod meanwhile, and
 * a deleted Pod stays (with its deletionTimestamp) until the kubelet protocol deletes it with grace 0 and a UID
 * precondition. {@code VirtualNodeScenariosK3sIT} (e2e) covers the same on a real apiserver.
 */
class PodLifecycleMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-mock";
    KubernetesClient client;
    KubernetesMockServer server;
    VirtualKubelet vk;

    @BeforeEach
    void start() throws Exception {
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "10.10.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "100ms");
    }

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private List<ContainerGroupState> groupsOf(Pod pod) throws Exception {
        return vk.provider()
                .list(ListQuery.byTags(
                        Map.of(OwnershipTags.UID, pod.getMetadata().getUid())));
    }

    private static String condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return "missing";
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    @Test
    void registersTheNodeReady() {
        Node node = client.nodes().withName(NODE).get();
        assertThat(node).isNotNull();
        assertThat(node.getStatus().getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .singleElement()
                .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
        assertThat(client.leases().inNamespace("kube-node-lease").withName(NODE).get())
                .isNotNull();
    }

    @Test
    void podRunsWithAnIpAndIsDeletedThroughTheKubeletProtocol() throws Exception {
        Pod created = client.pods()
                .inNamespace("default")
                .resource(Pods.bound("default", "web", NODE).build())
                .create();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Pod p = pod("web");
            assertThat(p.getStatus()).isNotNull();
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getStatus().getPodIP()).isNotBlank();
            assertThat(p.getStatus().getHostIP()).isEqualTo("10.10.0.1");
            assertThat(p.getStatus().getStartTime()).isNotBlank();
            assertThat(condition(p, "Initialized")).isEqualTo("True");
            assertThat(condition(p, "Ready")).isEqualTo("True");
            assertThat(p.getStatus().getContainerStatuses()).singleElement().satisfies(cs -> {
                assertThat(cs.getState().getRunning()).isNotNull();
                assertThat(cs.getContainerID()).startsWith("eci://");
            });
        });

        Pod running = pod("web");
        List<ContainerGroupState> groups = groupsOf(running);
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.tags())
                    .containsEntry(OwnershipTags.NODE, NODE)
                    .containsEntry(OwnershipTags.NAMESPACE, "default")
                    .containsEntry(OwnershipTags.NAME, "web")
                    .containsEntry(OwnershipTags.UID, created.getMetadata().getUid());
            assertThat(Pods.groupId(running)).isEqualTo(g.id());
        });

        client.pods().inNamespace("default").withName("web").delete();
        Pod deleting = pod("web"); // null when the kubelet was done already
        if (deleting != null) {
            assertThat(deleting.getMetadata().getDeletionTimestamp())
                    .as("a graceful delete keeps the Pod for its kubelet")
                    .isNotNull();
        }

        // the container group goes first, then the Pod object is deleted with grace 0 and a UID precondition
        await().atMost(Duration.ofSeconds(20)).until(() -> pod("web") == null);
        assertThat(groupsOf(running)).allSatisfy(g -> assertThat(g.isTerminal()).isTrue());
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(deleteRequestsWithPrecondition(
                                running.getMetadata().getUid()))
                        .isPositive());
    }

    /** DELETE requests for the Pod carrying grace 0 and its UID precondition, as seen by the mock server. */
    private int deleteRequestsWithPrecondition(String uid) throws InterruptedException {
        int found = 0;
        int count = server.getRequestCount();
        for (int i = 0; i < count; i++) {
            var request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (request == null) {
                break;
            }
            String body = request.getBody().readUtf8();
            if ("DELETE".equals(request.getMethod())
                    && request.getPath().endsWith("/pods/web")
                    && body.contains("\"gracePeriodSeconds\":0")
                    && body.contains(uid)) {
                found++;
            }
        }
        return found;
    }
}
