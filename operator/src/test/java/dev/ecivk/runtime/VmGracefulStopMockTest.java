package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.KubeletResponse;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Pod on a VM backend stops as a kubelet stops a deleted Pod, through the real controller, the cloud's embedded
 * API over HTTP and the agent its VM boots: the apiserver's graceful deletion sets the grace period, the gateway asks
 * the agent to stop, a container's preStop hook runs and then its TERM handler, a container that ignores TERM is
 * killed when the deletion's grace period (not the spec's) is over, the Pod shows each termination, and the instance
 * is terminated only after the agent reported them.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(
        value = ScenarioCloud.class,
        names = {"ECS", "HUAWEI_ECS"})
class VmGracefulStopMockTest {
    static final String NS = "default";
    /** The deletion's grace period: far shorter than the spec's 30 s, long enough to watch the Pod stop. */
    static final long GRACE_SECONDS = 12;

    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().allowLoopbackKubelet(true).build();

    @Parameter
    ScenarioCloud cloud;

    @TempDir
    Path dir;

    KubernetesClient client;
    final String node = "vk-" + UUID.randomUUID().toString().substring(0, 6);
    final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void aDeletedPodRunsPreStopThenTermAndIsKilledAtTheDeletionsGracePeriodBeforeItsInstanceGoes() throws Exception {
        Path ca = Files.writeString(dir.resolve("kubelet-client-ca.pem"), cluster.kubeletClientCaPem());
        VirtualKubelet vk = VirtualKubelet.start(
                client,
                "--provider",
                cloud.provider,
                "--node-name",
                node,
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
                "200ms",
                "--vm-agent-port",
                Integer.toString(VmBackendMockTest.freePort()),
                "--vm-agent-report-interval",
                ScenarioCloud.REPORT_EVERY.toMillis() + "ms",
                "--vm-gateway-secret",
                NS + "/ecivk-agent-gateway");
        cleanup.add(vk);
        AutoCloseable embedded = vk.embeddedCloud().orElseThrow();

        client.pods().inNamespace(NS).resource(stoppingPod()).create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> status("graceful")
                                .map(s -> s.getState().getRunning() != null)
                                .orElse(false)
                        && status("stubborn")
                                .map(s -> s.getState().getRunning() != null)
                                .orElse(false));
        String instance = Pods.groupId(get());
        assertThat(cloud.liveAddresses(embedded)).containsKey(instance);

        List<Pod> seen = new CopyOnWriteArrayList<>();
        Watch watch = client.pods().inNamespace(NS).withName("stopping").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod pod) {
                seen.add(pod);
            }

            @Override
            public void onClose(WatcherException cause) {}
        });
        cleanup.add(watch::close);

        client.pods()
                .inNamespace(NS)
                .withName("stopping")
                .withGracePeriod(GRACE_SECONDS)
                .delete();

        // within the grace period: preStop ran, then the TERM handler ended the container; the other one runs on
        await().atMost(Duration.ofSeconds(GRACE_SECONDS - 2)).untilAsserted(() -> {
            Pod stopping = get();
            assertThat(status(stopping, "graceful").getState().getTerminated())
                    .isNotNull()
                    .satisfies(t -> assertThat(t.getExitCode()).isZero());
            assertThat(status(stopping, "stubborn").getState().getRunning())
                    .as("ignores TERM, runs until the grace period is over")
                    .isNotNull();
        });
        KubeletResponse log = cluster.kubelet(node, "/containerLogs/" + NS + "/stopping/graceful");
        assertThat(log.code()).isEqualTo(200);
        assertThat(log.body()).as("the hook's line, then the handler's").isEqualTo("up\nprestop-ran\ngot-TERM\n");
        assertThat(cloud.liveAddresses(embedded))
                .as("the instance stays while a container runs")
                .containsKey(instance);

        await().atMost(Duration.ofSeconds(GRACE_SECONDS + 10)).until(() -> get() == null);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !cloud.liveAddresses(embedded).containsKey(instance));
        assertThat(seen)
                .as("the kill was reported on the Pod before it went")
                .anySatisfy(p -> assertThat(p.getStatus().getContainerStatuses())
                        .anySatisfy(s -> {
                            assertThat(s.getName()).isEqualTo("stubborn");
                            assertThat(s.getState().getTerminated()).isNotNull();
                            assertThat(s.getState().getTerminated().getExitCode())
                                    .isEqualTo(137);
                        }));
    }

    /**
     * Two containers: one whose preStop hook writes into its log and whose TERM handler says so and exits 0, one that
     * ignores TERM (PID 1 without a handler). The spec's grace period is the apiserver's default, 30 s.
     */
    Pod stoppingPod() {
        return Pods.bound(NS, "stopping", null)
                .editSpec()
                .addToNodeSelector("kubernetes.io/hostname", node)
                .withTerminationGracePeriodSeconds(30L)
                .editFirstContainer()
                .withName("graceful")
                .withImage("busybox:1.36")
                .withCommand("sh", "-c", "trap 'echo got-TERM; exit 0' TERM; echo up; sleep 3600")
                .withNewLifecycle()
                .withNewPreStop()
                .withNewExec()
                .withCommand("sh", "-c", "echo prestop-ran > /proc/1/fd/1; sleep 1")
                .endExec()
                .endPreStop()
                .endLifecycle()
                .endContainer()
                .addNewContainer()
                .withName("stubborn")
                .withImage("busybox:1.36")
                .withCommand("sh", "-c", "sleep 3600")
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }

    Pod get() {
        return client.pods().inNamespace(NS).withName("stopping").get();
    }

    static ContainerStatus status(Pod pod, String container) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst()
                .orElseThrow();
    }

    Optional<ContainerStatus> status(String container) {
        Pod p = get();
        if (p == null || p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return p.getStatus().getContainerStatuses().stream()
                .filter(s -> container.equals(s.getName()))
                .findFirst();
    }
}
