package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 8: the scheduler binds Pods as kube-scheduler would, and says why when it cannot. */
class SchedulerMockTest {
    private static final Duration SETTLE = Duration.ofSeconds(30);
    private static final String VK_TAINT = "virtual-kubelet.io/provider";

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(
                    Behaviour.STATUS_SUBRESOURCE,
                    Behaviour.POD_DEFAULTS,
                    Behaviour.SCHEDULER,
                    Behaviour.FIELD_SELECTORS,
                    Behaviour.GRACEFUL_DELETION)
            .build();

    private void node(String name, String pods, String cpu, boolean tainted, Map<String, String> labels) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .withNewStatus()
                .addToAllocatable("pods", new Quantity(pods))
                .addToAllocatable("cpu", new Quantity(cpu))
                .addToAllocatable("memory", new Quantity("64Gi"))
                .endStatus();
        if (tainted) {
            node.editSpec()
                    .addNewTaint()
                    .withKey(VK_TAINT)
                    .withValue("alibabacloud")
                    .withEffect("NoSchedule")
                    .endTaint()
                    .endSpec();
        }
        cluster.client().nodes().resource(node.build()).create();
    }

    private static PodBuilder pod(String name, String cpu) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewToleration()
                .withKey(VK_TAINT)
                .withOperator("Exists")
                .endToleration()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu))
                .endResources()
                .endContainer()
                .endSpec();
    }

    private Pod create(PodBuilder pod) {
        return cluster.client().pods().resource(pod.build()).create();
    }

    private Pod get(String name) {
        return cluster.client().pods().withName(name).get();
    }

    private static PodCondition scheduled(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals("PodScheduled"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aPendingPodIsBoundWithPodScheduledTrueAndAnEvent() {
        node("vk", "10", "8", true, Map.of("type", "virtual-kubelet"));
        create(pod("web", "1")
                .editSpec()
                .addToNodeSelector("type", "virtual-kubelet")
                .endSpec());

        cluster.awaitSchedulerIdle(SETTLE);

        Pod web = get("web");
        assertThat(web.getSpec().getNodeName()).isEqualTo("vk");
        assertThat(scheduled(web).getStatus()).isEqualTo("True");
        assertThat(cluster.client()
                        .v1()
                        .events()
                        .withField("involvedObject.name", "web")
                        .list()
                        .getItems())
                .extracting(Event::getReason, Event::getMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Scheduled", "Successfully assigned default/web to vk"));
    }

    @Test
    void aFullNodeLeavesThePodPendingWithTheSchedulersMessageUntilRoomIsMade() {
        KubernetesClient client = cluster.client();
        node("small", "1", "8", false, Map.of());
        Pod first = create(pod("first", "1"));
        cluster.awaitSchedulerIdle(SETTLE);
        create(pod("second", "1"));
        cluster.awaitSchedulerIdle(SETTLE);

        PodCondition waiting = scheduled(get("second"));
        assertThat(waiting.getStatus()).isEqualTo("False");
        assertThat(waiting.getReason()).isEqualTo("Unschedulable");
        assertThat(waiting.getMessage())
                .isEqualTo("0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: "
                        + "1 No preemption victims found for incoming pod.");
        assertThat(cluster.unschedulablePods()).containsExactly("default/second");

        client.pods().withName("first").delete();
        cluster.awaitSchedulerIdle(SETTLE);
        assertThat(get("second").getSpec().getNodeName())
                .as("a terminating Pod still counts")
                .isNull();

        RawApi.send(
                client,
                "DELETE",
                "/api/v1/namespaces/default/pods/first",
                "{\"gracePeriodSeconds\":0,\"preconditions\":{\"uid\":\""
                        + first.getMetadata().getUid() + "\"}}");
        cluster.awaitSchedulerIdle(SETTLE);
        assertThat(get("second").getSpec().getNodeName()).isEqualTo("small");
        assertThat(scheduled(get("second")).getStatus()).isEqualTo("True");
    }

    @Test
    void taintsSelectorsUnschedulableNodesAndCpuAreEachReported() {
        node("tainted", "10", "8", true, Map.of("zone", "a"));
        node("cordoned", "10", "8", false, Map.of("zone", "a"));
        cluster.client()
                .nodes()
                .withName("cordoned")
                .edit(n -> new NodeBuilder(n)
                        .editSpec()
                        .withUnschedulable(true)
                        .endSpec()
                        .build());
        node("elsewhere", "10", "8", false, Map.of("zone", "b"));
        node("tiny", "10", "1", false, Map.of("zone", "a"));
        create(new PodBuilder(pod("big", "2").build())
                .editSpec()
                .withTolerations(java.util.List.of())
                .addToNodeSelector("zone", "a")
                .endSpec());

        cluster.awaitSchedulerIdle(SETTLE);

        assertThat(scheduled(get("big")).getMessage())
                .isEqualTo("0/4 nodes are available: 1 Insufficient cpu, 1 node(s) didn't match Pod's node"
                        + " affinity/selector, 1 node(s) had untolerated taint {virtual-kubelet.io/provider:"
                        + " alibabacloud}, 1 node(s) were unschedulable. preemption: 0/4 nodes are available: 1 No"
                        + " preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.");

        node("roomy", "10", "8", false, Map.of("zone", "a"));
        cluster.awaitSchedulerIdle(SETTLE);
        assertThat(get("big").getSpec().getNodeName()).isEqualTo("roomy");
    }

    @Test
    void podsOfAnotherSchedulerAreLeftAlone() {
        node("vk", "10", "8", true, Map.of());
        create(pod("custom", "1").editSpec().withSchedulerName("my-scheduler").endSpec());

        cluster.awaitSchedulerIdle(SETTLE);

        assertThat(get("custom").getSpec().getNodeName()).isNull();
        assertThat(get("custom").getStatus().getConditions()).isEmpty();
    }

    @Test
    void aBurstBeyondThePodCountLeavesTheRestUnschedulable() {
        node("vk", "1000", "100k", true, Map.of());
        for (int i = 0; i < 1_200; i++) {
            create(pod("burst-" + i, "10m"));
        }

        cluster.awaitSchedulerIdle(Duration.ofMinutes(2));

        assertThat(cluster.client()
                        .pods()
                        .withField("spec.nodeName", "vk")
                        .list()
                        .getItems())
                .hasSize(1_000);
        assertThat(cluster.unschedulablePods()).hasSize(200);
    }
}
