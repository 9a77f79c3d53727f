package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.metrics.Meters;
import dev.ecivk.pod.PodCosts;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the node learns from its cloud account and acts on (README, "Knows its cloud"), on the realistic-cluster
 * fixture and the embedded ECI: a zone out of stock gets no create, the Node's allocatable cpu follows the account's
 * vCPU quota so the scheduler keeps the surplus Pending, every running Pod shows its price and the cost metric sums
 * those prices, a reclaimed spot Pod ends Failed with reason SpotReclaimed.
 */
class KnowsItsCloudMockTest {
    private static final String TEAM = "team-cost";

    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder().namespaces(TEAM).build();

    KubernetesClient client;
    EmbeddedEci eci;
    TestController controller;

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    private void start(String node, String... overrides) {
        controller = TestController.start(client, eci, node, overrides);
    }

    private List<Pod> pods(String namespace) {
        return client.pods().inNamespace(namespace).list().getItems();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private static String annotation(Pod p, String key) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    @Test
    void aBurstMakesNoCreateIntoAZoneOutOfStockAndEveryPodRunsPriced() {
        eci = EmbeddedEci.start();
        eci.simulator().setStock(EmbeddedEci.ZONE_B, 0);
        // both vSwitches in random order: without stock knowledge, about half the creates would try zone b first
        start("vk-stock", "--eci-vswitch-strategy", "random");

        IntStream.range(0, 500).parallel().forEach(i -> {
            String namespace = i % 2 == 0 ? "default" : TEAM;
            client.pods()
                    .inNamespace(namespace)
                    .resource(Pods.boundPod(namespace, "burst-" + i, "vk-stock", "sleep", "3600"))
                    .create();
        });

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<Pod> all = new java.util.ArrayList<>(pods("default"));
                    all.addAll(pods(TEAM));
                    assertThat(all)
                            .hasSize(500)
                            .allSatisfy(p -> assertThat(phase(p)).isEqualTo("Running"));
                });
        assertThat(eci.simulator().counters().createCallsIn(EmbeddedEci.ZONE_B))
                .as("create calls into the zone without stock")
                .isZero();
        assertThat(eci.simulator().counters().createCallsIn(EmbeddedEci.ZONE_A)).isGreaterThanOrEqualTo(500);
        assertThat(controller
                        .meters()
                        .get(Meters.PLACEMENT_ZONE_AVOIDED)
                        .tag(Meters.TAG_ZONE, EmbeddedEci.ZONE_B)
                        .counter()
                        .count())
                .isGreaterThan(0);

        // every Pod shows its price; the cost metric of each namespace is the sum of its Pods' prices
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String namespace : List.of("default", TEAM)) {
                List<Pod> inNamespace = pods(namespace);
                assertThat(inNamespace)
                        .allSatisfy(
                                p -> assertThat(annotation(p, PodCosts.PRICE)).matches("[0-9.]+ [A-Z]{3}"));
                BigDecimal annotated = inNamespace.stream()
                        .map(p -> new BigDecimal(annotation(p, PodCosts.PRICE).split(" ")[0]))
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(annotated).isPositive();
                double metric = gaugeSum(Meters.POD_COST_PER_HOUR, namespace);
                assertThat(metric).isCloseTo(annotated.doubleValue(), org.assertj.core.data.Offset.offset(1e-6));
            }
        });
        // the price reaches kubectl describe as an Event when the Pod starts
        assertThat(events("default", "burst-0")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("ContainerGroupPriced");
            assertThat(e.getMessage()).startsWith("Runs at ").contains("/h on demand");
        });
    }

    @Test
    void withAVcpuQuotaOf100TheNodeFollowsItAndTheSurplusStaysPendingWithTheSchedulersReason() {
        eci = EmbeddedEci.start();
        start("vk-quota", "--quota-refresh-interval", "500ms");
        await().atMost(Duration.ofSeconds(15)).until(() -> allocatableCpu("vk-quota") != null);
        BigDecimal before = allocatableCpu("vk-quota");
        assertThat(before).isGreaterThan(BigDecimal.valueOf(100));

        eci.simulator().setMaxCpu(100);
        await().atMost(Duration.ofSeconds(15))
                .until(() -> BigDecimal.valueOf(100).compareTo(allocatableCpu("vk-quota")) == 0);
        assertThat(new BigDecimal(client.nodes()
                        .withName("vk-quota")
                        .get()
                        .getStatus()
                        .getAllocatable()
                        .get("pods")
                        .getAmount()))
                .isEqualByComparingTo("400");

        // 120 Pods of 1 vCPU each for a quota of 100: the scheduler binds 100, keeps 20 Pending
        IntStream.range(0, 120)
                .parallel()
                .forEach(i -> client.pods()
                        .inNamespace("default")
                        .resource(unboundPod("whole-" + i, "1"))
                        .create());
        cluster.awaitSchedulerIdle(Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(pods("default").stream().filter(p -> "Running".equals(phase(p))))
                        .hasSize(100));

        List<Pod> all = pods("default");
        assertThat(all).noneSatisfy(p -> assertThat(phase(p)).isEqualTo("Failed"));
        List<Pod> pending = all.stream().filter(p -> "Pending".equals(phase(p))).toList();
        assertThat(pending).hasSize(20).allSatisfy(p -> {
            assertThat(p.getSpec().getNodeName()).isNull();
            assertThat(p.getStatus().getConditions()).anySatisfy(c -> {
                assertThat(c.getType()).isEqualTo("PodScheduled");
                assertThat(c.getReason()).isEqualTo("Unschedulable");
                assertThat(c.getMessage()).contains("Insufficient cpu");
            });
        });
        // the account is full: the Node says so, once
        assertThat(nodeEvents("vk-quota")).anySatisfy(e -> {
            assertThat(e.getReason()).isEqualTo("QuotaHeadroomLow");
            assertThat(e.getType()).isEqualTo("Warning");
        });
        // the account's usage is read every --quota-refresh-interval: the last groups show at the next read
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            assertThat(controller.meters().get(Meters.ACCOUNT_CPU_MAX).gauge().value())
                    .isEqualTo(100);
            assertThat(controller.meters().get(Meters.ACCOUNT_CPU_USED).gauge().value())
                    .isEqualTo(100);
            // running Pods are not subtracted twice: the Node still offers the whole quota to the scheduler
            assertThat(allocatableCpu("vk-quota")).isEqualByComparingTo("100");
        });
    }

    @Test
    void aReclaimedSpotPodEndsFailedWithReasonSpotReclaimedAndShowsWhatSpotSaved() {
        eci = EmbeddedEci.start();
        start("vk-spot");
        Pod spot = new PodBuilder(Pods.boundPod("default", "spot-1", "vk-spot", "sleep", "3600"))
                .editMetadata()
                .addToAnnotations("k8s.aliyun.com/eci-spot-strategy", "SpotAsPriceGo")
                .endMetadata()
                .editSpec()
                .editFirstContainer()
                .withNewResources() // spot is sold by ECS instance size: 2 vCPU, 4 GiB is one
                .addToRequests("cpu", new Quantity("2"))
                .addToRequests("memory", new Quantity("4Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
        client.pods().inNamespace("default").resource(spot).create();
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(annotation(pod("spot-1"), PodCosts.ON_DEMAND_PRICE))
                        .as("%s, events %s", pod("spot-1").getStatus(), events("default", "spot-1"))
                        .isNotNull());
        Pod running = pod("spot-1");
        assertThat(phase(running)).isEqualTo("Running");
        BigDecimal price = new BigDecimal(annotation(running, PodCosts.PRICE).split(" ")[0]);
        BigDecimal onDemand =
                new BigDecimal(annotation(running, PodCosts.ON_DEMAND_PRICE).split(" ")[0]);
        assertThat(price).isLessThan(onDemand);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gaugeSum(Meters.POD_COST_SPOT_SAVINGS, "default"))
                        .isCloseTo(onDemand.subtract(price).doubleValue(), org.assertj.core.data.Offset.offset(1e-6)));

        assertThat(eci.simulator().reclaimSpot(Pods.groupId(running), null)).containsExactly(Pods.groupId(running));

        // what a ReplicaSet keys on to replace the Pod (the fixture runs no ReplicaSet controller): Failed, and why
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Pod p = pod("spot-1");
            assertThat(phase(p)).isEqualTo("Failed");
            assertThat(p.getStatus().getReason()).isEqualTo("SpotReclaimed");
            assertThat(p.getStatus().getMessage()).contains("reclaimed");
        });
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(events("default", "spot-1")).anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("SpotReclaimed");
                    assertThat(e.getType()).isEqualTo("Warning");
                }));
    }

    @Test
    void aBadSpotStrategyFailsThePodWithAClearReason() {
        eci = EmbeddedEci.start();
        start("vk-badspot");
        Pod bad = new PodBuilder(Pods.boundPod("default", "cheap", "vk-badspot", "sleep", "3600"))
                .editMetadata()
                .addToAnnotations("k8s.aliyun.com/eci-spot-strategy", "AsCheapAsPossible")
                .endMetadata()
                .build();
        client.pods().inNamespace("default").resource(bad).create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase(pod("cheap"))));
        assertThat(pod("cheap").getStatus().getMessage()).contains("eci-spot-strategy");
        assertThat(eci.simulator().counters().creates()).isZero();
    }

    /** The sum of a gauge's series for one namespace (0 while none exists). */
    private double gaugeSum(String name, String namespace) {
        return controller.meters().find(name).tag(Meters.TAG_NAMESPACE, namespace).gauges().stream()
                .mapToDouble(Gauge::value)
                .sum();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private BigDecimal allocatableCpu(String node) {
        var n = client.nodes().withName(node).get();
        if (n == null || n.getStatus() == null || n.getStatus().getAllocatable() == null) {
            return null;
        }
        Quantity cpu = n.getStatus().getAllocatable().get("cpu");
        return cpu == null ? null : Quantity.getAmountInBytes(cpu);
    }

    private List<Event> events(String namespace, String pod) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private List<Event> nodeEvents(String node) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind())
                        && node.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    private static Pod unboundPod(String name, String cpu) {
        return Pods.bound("default", name, null, "sleep", "3600")
                .editSpec()
                .withNodeName(null)
                .addToNodeSelector("type", "virtual-kubelet")
                .addNewToleration()
                .withKey("virtual-kubelet.io/provider")
                .withOperator("Exists")
                .endToleration()
                .editFirstContainer()
                .withNewResources()
                .addToRequests("cpu", new Quantity(cpu))
                .addToRequests("memory", new Quantity("2Gi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }
}
