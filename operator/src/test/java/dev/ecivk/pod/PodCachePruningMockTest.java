package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.KubeletResponse;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pod informer's cache holds Pods without {@code metadata.managedFields} and kubectl's last-applied annotation,
 * which the apiserver (here the realistic cluster, which keeps managedFields as a real one does) stores on every
 * Pod; the Pod still goes Running and is deleted through the kubelet protocol. The cached Pods are read where the
 * kubelet API lists them ({@code /pods}, through the apiserver's node proxy), the same cache the reconciler reads.
 */
class PodCachePruningMockTest {
    private static final String NODE = "vk-pruned";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().allowLoopbackKubelet(true).build();

    KubernetesClient client;
    VirtualKubelet vk;

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    @Test
    void cachedPodsCarryNeitherManagedFieldsNorLastAppliedWhileThePodRunsAndIsDeleted(@TempDir Path dir)
            throws Exception {
        Path ca = Files.writeString(dir.resolve("kubelet-client-ca.pem"), cluster.kubeletClientCaPem());
        vk = VirtualKubelet.start(
                client,
                "--node-name",
                NODE,
                "--node-ip",
                "127.0.0.1",
                "--kubelet-port",
                "0",
                "--kubelet-client-ca",
                ca.toString(),
                "--metrics-port",
                "0",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "100ms");
        Pod applied = Pods.bound("default", "applied", NODE).build();
        applied.getMetadata().setAnnotations(Map.of(PodCachePruning.LAST_APPLIED, "{\"kind\":\"Pod\"}", "team", "a"));
        client.pods().inNamespace("default").resource(applied).create();

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pod().getStatus().getPhase()).isEqualTo("Running"));
        // the apiserver keeps both: the creator's fields, and the kubelet's status write under its own manager
        Pod stored = pod();
        assertThat(stored.getMetadata().getManagedFields())
                .extracting(ManagedFieldsEntry::getSubresource)
                .contains(null, "status");
        assertThat(stored.getMetadata().getAnnotations()).containsKey(PodCachePruning.LAST_APPLIED);

        JsonNode cached = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> cachedPod("applied"),
                        p -> p != null
                                && "Running"
                                        .equals(p.path("status").path("phase").asText()));
        assertThat(cached.path("metadata").has("managedFields")).isFalse();
        assertThat(cached.path("metadata").path("annotations").has(PodCachePruning.LAST_APPLIED))
                .isFalse();
        assertThat(cached.path("metadata").path("annotations").path("team").asText())
                .isEqualTo("a");
        assertThat(cached.path("spec").path("containers"))
                .hasSameSizeAs(List.of(stored.getSpec().getContainers()));
        assertThat(cached.path("metadata").path("uid").asText())
                .isEqualTo(stored.getMetadata().getUid());

        client.pods().inNamespace("default").withName("applied").delete();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(pod()).isNull());
        await().atMost(Duration.ofSeconds(10)).until(() -> cachedPod("applied") == null);
    }

    private Pod pod() {
        return client.pods().inNamespace("default").withName("applied").get();
    }

    /** The Pod as the kubelet API lists it from the informer's cache, or null. */
    private JsonNode cachedPod(String name) throws Exception {
        KubeletResponse response = cluster.kubelet(NODE, "/pods");
        assertThat(response.code()).isEqualTo(200);
        for (JsonNode pod : JSON.readTree(response.body()).path("items")) {
            if (name.equals(pod.path("metadata").path("name").asText())) {
                return pod;
            }
        }
        return null;
    }
}
