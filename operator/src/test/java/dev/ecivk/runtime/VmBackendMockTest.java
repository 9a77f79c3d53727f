package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.crd.VirtualNode;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One controller serving an ECI node and a VM node side by side: a VirtualNode naming {@code ecs} gets the VM
 * backend (the embedded ECS in-process, its VMs booting the real agent) beside the controller's own embedded ECI,
 * with its cloud-call metrics. The scenarios every backend passes are {@link BackendScenariosMockTest}'s.
 */
class VmBackendMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-vm";
    KubernetesClient client;
    VirtualKubelet vk;

    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        if (vk != null) {
            vk.close();
        }
    }

    Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    boolean running(String name) {
        Pod p = get(name);
        return p != null
                && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase());
    }

    @Test
    void aVirtualNodeNamingEcsRunsItsPodsOnVmsBesideTheControllersEciNode() throws Exception {
        VirtualNodesMockTest.installCrds(client);
        vk = VirtualKubelet.start(
                client,
                "--provider",
                "simulator",
                "--node-name",
                "vk-eci",
                "--node-ip",
                "10.20.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--status-sync-interval",
                "200ms",
                "--sim-start-delay",
                "200ms",
                "--vm-agent-port",
                Integer.toString(freePort()),
                "--vm-agent-report-interval",
                "200ms",
                "--vm-gateway-secret",
                "default/agent-gateway");
        assertThat(BackendScenariosMockTest.series(vk, "CreateContainerGroup", "success"))
                .endsWith(" 0.0");
        VirtualNode vmNode = new VirtualNode();
        vmNode.getMetadata().setName(NODE);
        vmNode.getMetadata().setLabels(Map.of(dev.ecivk.node.VirtualNodeSpecs.INSTALL_LABEL, "ecivk"));
        vmNode.getSpec().provider = "ecs";
        client.resources(VirtualNode.class).resource(vmNode).create();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> client.nodes().withName(NODE).get() != null);

        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "on-vm", NODE))
                .create();
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "on-eci", "vk-eci"))
                .create();
        await().atMost(Duration.ofSeconds(60)).until(() -> running("on-vm") && running("on-eci"));

        assertThat(Pods.groupId(get("on-vm"))).as("an ECS instance id").matches("i-[a-z0-9]{20}");
        assertThat(get("on-vm").getStatus().getPodIP())
                .as("from the first vSwitch")
                .startsWith("10.1.");
        assertThat(vk.provider().list(ListQuery.byTags(Map.of("ecivk.dev/node", "vk-eci"))))
                .singleElement()
                .satisfies(g -> assertThat(g.tags()).containsEntry("ecivk.dev/name", "on-eci"));
        assertThat(BackendScenariosMockTest.series(vk, "RunInstances", "success"))
                .as("the VM backend's calls are counted like ECI's")
                .doesNotEndWith(" 0.0");
    }
}
