package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 3: the controllers that write to Nodes while their kubelet does. */
class NodeWritersMockTest {
    private static final Duration GRACE = Duration.ofSeconds(2);

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(
                    Behaviour.STATUS_SUBRESOURCE,
                    Behaviour.STRATEGIC_MERGE_PATCH,
                    Behaviour.NODE_TTL_ANNOTATION,
                    Behaviour.NODE_LIFECYCLE,
                    Behaviour.NODE_PROBLEM_DETECTOR)
            .leaseGracePeriod(GRACE)
            .build();

    private Node register(String name, String ready) {
        return cluster.client()
                .nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewStatus()
                        .addNewCondition()
                        .withType("Ready")
                        .withStatus(ready)
                        .withReason("KubeletReady")
                        .endCondition()
                        .endStatus()
                        .build())
                .create();
    }

    private void renewLease(String node) {
        var leases = cluster.client().leases().inNamespace("kube-node-lease");
        var now = ZonedDateTime.now().truncatedTo(ChronoUnit.MICROS);
        if (leases.withName(node).get() == null) {
            leases.resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName(node)
                            .endMetadata()
                            .withNewSpec()
                            .withHolderIdentity(node)
                            .withLeaseDurationSeconds(40)
                            .withRenewTime(now)
                            .endSpec()
                            .build())
                    .create();
        } else {
            leases.withName(node)
                    .edit(l -> new LeaseBuilder(l)
                            .editSpec()
                            .withRenewTime(now)
                            .endSpec()
                            .build());
        }
    }

    private Node get(String name) {
        return cluster.client().nodes().withName(name).get();
    }

    private static NodeCondition condition(Node node, String type) {
        return node.getStatus().getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .findFirst()
                .orElse(null);
    }

    private static List<String> taints(Node node) {
        List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
        return taints == null
                ? List.of()
                : taints.stream().map(t -> t.getKey() + ":" + t.getEffect()).toList();
    }

    @Test
    void theTtlAnnotationArrivesRightAfterRegistrationAndAStaleStatusPutConflicts() {
        Node registered = register("ttl", "True");

        await().atMost(Duration.ofSeconds(1))
                .until(() ->
                        "0".equals(get("ttl").getMetadata().getAnnotations().get("node.alpha.kubernetes.io/ttl")));

        Node stale = new NodeBuilder(registered)
                .editStatus()
                .editFirstCondition()
                .withMessage("kubelet is posting ready status")
                .endCondition()
                .endStatus()
                .build();
        assertThatThrownBy(() -> cluster.client().nodes().resource(stale).updateStatus())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void aNodeWhoseLeaseStopsIsMarkedUnknownAndUnreachableThenRecovers() {
        register("quiet", "True");
        renewLease("quiet");

        await().atMost(GRACE.multipliedBy(3)).untilAsserted(() -> {
            Node node = get("quiet");
            assertThat(condition(node, "Ready").getStatus()).isEqualTo("Unknown");
            assertThat(condition(node, "Ready").getReason()).isEqualTo("NodeStatusUnknown");
            assertThat(condition(node, "Ready").getMessage()).isEqualTo("Kubelet stopped posting node status.");
            assertThat(condition(node, "MemoryPressure").getStatus()).isEqualTo("Unknown");
            assertThat(taints(node))
                    .containsExactlyInAnyOrder(
                            "node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute");
        });

        renewLease("quiet");
        cluster.client()
                .nodes()
                .withName("quiet")
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"reason\":\"KubeletReady\"}]}}");

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(taints(get("quiet"))).isEmpty());
    }

    @Test
    void aNodeThatIsNotReadyIsTaintedNotReady() {
        register("sick", "False");
        renewLease("sick");

        await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> assertThat(taints(get("sick")))
                        .containsExactlyInAnyOrder(
                                "node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"));
    }

    @Test
    void theProblemDetectorsConditionSurvivesAKubeletThatPatchesButNotOneThatReplaces() {
        Node registered = register("npd", "True");
        await().atMost(Duration.ofSeconds(1)).until(() -> condition(get("npd"), "KernelDeadlock") != null);

        KubernetesClient client = cluster.client();
        client.nodes()
                .withName("npd")
                .subresource("status")
                .patch(
                        PatchContext.of(PatchType.STRATEGIC_MERGE),
                        "{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"message\":\"ok\"}]}}");
        assertThat(condition(get("npd"), "KernelDeadlock").getStatus()).isEqualTo("False");

        Node fresh = get("npd");
        Node replaced = new NodeBuilder(fresh)
                .editStatus()
                .withConditions(registered.getStatus().getConditions())
                .endStatus()
                .build();
        client.nodes().resource(replaced).updateStatus();
        assertThat(condition(get("npd"), "KernelDeadlock")).isNull();
    }
}
