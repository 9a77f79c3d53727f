package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.config.RunOptions;
import dev.ecivk.crd.Condition;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.crd.VirtualNodeSpec;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.node.VirtualNodeSpecs;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * VirtualNode objects against the mock server (CRUD) and the embedded ECI: one controller serves several nodes,
 * each with its own runtime, and reports their state in the VirtualNode status.
 */
class VirtualNodesMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final Path CRDS = Path.of("..", "crds");
    static final Duration WAIT = Duration.ofSeconds(10);
    KubernetesClient client;
    EmbeddedEci eci;
    final List<Controller> controllers = new ArrayList<>();

    @BeforeEach
    void installCrdsAndEci() throws IOException {
        installCrds(client);
        eci = EmbeddedEci.start(
                b -> b.quotaScale(0)
                        .vSwitchZones(Map.of(
                                EmbeddedEci.VSWITCH_A, EmbeddedEci.ZONE_A, EmbeddedEci.VSWITCH_B, EmbeddedEci.ZONE_B)),
                p -> p.withRateLimit(100.0, Duration.ofSeconds(30)));
    }

    static void installCrds(KubernetesClient client) throws IOException {
        for (String name : List.of("virtualnodes.ecivk.dev.yaml", "imagecaches.ecivk.dev.yaml")) {
            try (InputStream in = new FileInputStream(CRDS.resolve(name).toFile())) {
                CustomResourceDefinition crd =
                        client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .create();
            }
        }
    }

    @AfterEach
    void stop() {
        controllers.forEach(Controller::close);
        if (eci != null) {
            eci.close();
        }
    }

    Controller startController(String... overrides) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--node-name", "vk-default");
        options.put("--node-ip", "10.20.0.1");
        options.put("--metrics-port", "0");
        options.put("--kubelet-port", "0");
        options.put("--status-sync-interval", "200ms");
        options.put("--orphan-grace", "0s");
        options.put("--orphan-gc-interval", "1h");
        options.put("--eci-vswitch-ids", EmbeddedEci.VSWITCH_A + "," + EmbeddedEci.VSWITCH_B);
        options.put("--workers", "4");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        EciProvider provider = new EciProvider(eci.provider().settings());
        Controller c = Controller.start(
                RunOptions.parse(args.toArray(String[]::new)),
                client,
                new Backend(provider, provider, null),
                new ControllerMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
        controllers.add(c);
        return c;
    }

    /** A VirtualNode of the default install ({@code --install-name ecivk}). */
    static VirtualNode virtualNode(String name, String... vSwitches) {
        VirtualNode vn = new VirtualNode();
        vn.getMetadata().setName(name);
        vn.getMetadata().setLabels(new LinkedHashMap<>(Map.of(VirtualNodeSpecs.INSTALL_LABEL, "ecivk")));
        vn.getSpec().vSwitchIds = vSwitches.length == 0 ? null : List.of(vSwitches);
        return vn;
    }

    VirtualNode apply(VirtualNode vn) {
        return client.resources(VirtualNode.class).resource(vn).create();
    }

    VirtualNode get(String name) {
        return client.resources(VirtualNode.class).withName(name).get();
    }

    Node node(String name) {
        return client.nodes().withName(name).get();
    }

    static boolean nodeReady(Node n) {
        return n != null
                && n.getStatus() != null
                && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The install serving a VirtualNode according to its status, or null. */
    static String servedBy(VirtualNode vn) {
        return vn == null || vn.getStatus() == null || vn.getStatus().servedBy == null
                ? null
                : vn.getStatus().servedBy.install;
    }

    static Condition condition(VirtualNode vn, String type) {
        if (vn == null || vn.getStatus() == null || vn.getStatus().conditions == null) {
            return new Condition();
        }
        return vn.getStatus().conditions.stream()
                .filter(c -> type.equals(c.type))
                .findFirst()
                .orElse(new Condition());
    }

    String podPhase(String name) {
        Pod p = client.pods().inNamespace("default").withName(name).get();
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    List<ContainerGroupState> liveGroups(String node) throws Exception {
        return eci.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, node))).stream()
                .filter(g -> !g.isTerminal())
                .toList();
    }

    @Test
    void aVirtualNodeReportsItsStatusAndWhoServesIt() {
        startController("--node-name", "vk-run");
        apply(virtualNode("reported"));
        await().atMost(WAIT).until(() -> nodeReady(node("reported")));
        await().atMost(WAIT).untilAsserted(() -> {
            VirtualNode vn = get("reported");
            assertThat(condition(vn, "Ready").status).isEqualTo("True");
            assertThat(condition(vn, "ProviderReachable").status).isEqualTo("True");
            assertThat(condition(vn, "QuotaAvailable").status).isEqualTo("True");
            assertThat(vn.getStatus().nodeName).isEqualTo("reported");
            assertThat(vn.getStatus().observedGeneration)
                    .isEqualTo(vn.getMetadata().getGeneration());
            assertThat(vn.getStatus().usage).containsEntry("maxCpu", "100000").containsEntry("usedCpu", "0");
            assertThat(vn.getStatus().pods.total).isZero();
            assertThat(vn.getStatus().servedBy.install).isEqualTo("ecivk");
            assertThat(vn.getStatus().servedBy.controller).isEqualTo(Controller.CONTROLLER_IDENTITY);
            assertThat(vn.getStatus().servedBy.heartbeatTime).isNotBlank();
        });
        assertThat(node("reported").getMetadata().getLabels())
                .containsEntry("type", "virtual-kubelet")
                .containsEntry("ecivk.dev/virtual-node", "reported");

        // a Pod is served and counted; repeated status writes never duplicate a condition
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "web", "reported"))
                .create();
        await().atMost(WAIT).until(() -> "Running".equals(podPhase("web")));
        editRetrying("reported", v -> {
            v.getMetadata().getLabels().put("touched", "yes"); // a metadata edit: reconciled again
            return v;
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(get("reported").getStatus().pods.running).isEqualTo(1));
        VirtualNode vn = get("reported");
        assertThat(vn.getStatus().conditions)
                .extracting(c -> c.type)
                .containsExactlyInAnyOrder("Ready", "ProviderReachable", "QuotaAvailable");
    }

    @Test
    void theNodeOfNodeNameIsServedWithoutCreatingAVirtualNode() {
        startController("--node-name", "vk-plain");
        await().atMost(WAIT).until(() -> nodeReady(node("vk-plain")));
        assertThat(client.resources(VirtualNode.class).list().getItems()).isEmpty();

        // a VirtualNode naming that node is refused, not served twice
        VirtualNode twin = virtualNode("twin");
        twin.getSpec().nodeName = "vk-plain";
        apply(twin);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(condition(get("twin"), "Ready").message)
                        .contains("spec.nodeName")
                        .contains("--node-name"));
        assertThat(node("vk-plain").getMetadata().getLabels()).doesNotContainKey("ecivk.dev/virtual-node");
    }

    @Test
    void twoInstallsNeverServeEachOthersVirtualNodes() {
        startController("--node-name", "vk-one", "--install-name", "one");
        startController("--node-name", "vk-two", "--install-name", "two");
        VirtualNode ofOne = virtualNode("of-one");
        ofOne.getMetadata().getLabels().put(VirtualNodeSpecs.INSTALL_LABEL, "one");
        apply(ofOne);
        VirtualNode ofTwo = virtualNode("of-two");
        ofTwo.getMetadata().getLabels().put(VirtualNodeSpecs.INSTALL_LABEL, "two");
        apply(ofTwo);
        VirtualNode ofNobody = virtualNode("of-nobody");
        ofNobody.getMetadata().getLabels().remove(VirtualNodeSpecs.INSTALL_LABEL);
        apply(ofNobody);

        await().atMost(WAIT).until(() -> nodeReady(node("of-one")) && nodeReady(node("of-two")));
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(servedBy(get("of-one"))).isEqualTo("one");
            assertThat(servedBy(get("of-two"))).isEqualTo("two");
        });
        assertThat(controllers.get(0).served("of-one")).isPresent();
        assertThat(controllers.get(0).served("of-two")).isEmpty();
        assertThat(controllers.get(1).served("of-two")).isPresent();
        assertThat(controllers.get(1).served("of-one")).isEmpty();
        assertThat(node("of-nobody")).isNull();
        assertThat(get("of-nobody").getStatus())
                .satisfiesAnyOf(
                        st -> assertThat(st).isNull(),
                        st -> assertThat(st.servedBy).isNull());
        assertThat(get("of-nobody").getMetadata().getFinalizers()).isNullOrEmpty();
    }

    @Test
    void stoppingTheControllerLeavesNoVirtualNodeClaimingReady() {
        Controller c = startController();
        apply(virtualNode("left-behind"));
        await().atMost(WAIT).until(() -> "True".equals(condition(get("left-behind"), "Ready").status));

        c.close();

        VirtualNode vn = get("left-behind");
        assertThat(condition(vn, "Ready").status).isEqualTo("False");
        assertThat(condition(vn, "Ready").reason).isEqualTo("NotServed");
        assertThat(condition(vn, "Ready").message).contains(Controller.CONTROLLER_IDENTITY);
        // the Node itself stays (as a stopped kubelet's does): its Lease lapses and the control plane marks it
        assertThat(node("left-behind")).isNotNull();
    }

    @Test
    void twoVirtualNodesInTwoZonesRunPodsAtTheSameTime() throws Exception {
        startController();
        apply(virtualNode("zone-a", EmbeddedEci.VSWITCH_A));
        apply(virtualNode("zone-b", EmbeddedEci.VSWITCH_B));
        await().atMost(WAIT).until(() -> nodeReady(node("zone-a")) && nodeReady(node("zone-b")));
        int portA = node("zone-a")
                .getStatus()
                .getDaemonEndpoints()
                .getKubeletEndpoint()
                .getPort();
        int portB = node("zone-b")
                .getStatus()
                .getDaemonEndpoints()
                .getKubeletEndpoint()
                .getPort();
        assertThat(portA).isPositive().isNotEqualTo(portB);

        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "in-a", "zone-a"))
                .create();
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "in-b", "zone-b"))
                .create();
        await().atMost(WAIT).until(() -> "Running".equals(podPhase("in-a")) && "Running".equals(podPhase("in-b")));

        assertThat(liveGroups("zone-a")).singleElement().satisfies(g -> {
            assertThat(g.vSwitchId()).isEqualTo(EmbeddedEci.VSWITCH_A);
            assertThat(g.tags()).containsEntry(OwnershipTags.NAME, "in-a");
        });
        assertThat(liveGroups("zone-b")).singleElement().satisfies(g -> {
            assertThat(g.vSwitchId()).isEqualTo(EmbeddedEci.VSWITCH_B);
            assertThat(g.tags()).containsEntry(OwnershipTags.NAME, "in-b");
        });
    }

    @Test
    void editingCapacityLabelsAndTaintsUpdatesTheNode() {
        startController();
        VirtualNode vn = virtualNode("editable");
        vn.getSpec().capacity = new VirtualNodeSpec.Capacity();
        vn.getSpec().capacity.cpu = "100";
        apply(vn);
        await().atMost(WAIT).until(() -> nodeReady(node("editable")));
        assertThat(node("editable").getStatus().getCapacity().get("cpu").toString())
                .isEqualTo("100");

        editRetrying("editable", v -> {
            v.getSpec().capacity.cpu = "250";
            v.getSpec().labels = Map.of("team", "burst");
            VirtualNodeSpec.TaintSpec taint = new VirtualNodeSpec.TaintSpec();
            taint.key = "burst";
            taint.value = "true";
            taint.effect = VirtualNodeSpec.TaintSpec.Effect.NoSchedule;
            v.getSpec().taints = List.of(taint);
            return v;
        });
        await().atMost(WAIT).untilAsserted(() -> {
            Node n = node("editable");
            assertThat(n.getStatus().getCapacity().get("cpu").toString()).isEqualTo("250");
            assertThat(n.getMetadata().getLabels()).containsEntry("team", "burst");
            assertThat(n.getSpec().getTaints()).extracting(t -> t.getKey()).containsExactly("burst");
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(get("editable").getStatus().observedGeneration)
                        .isEqualTo(get("editable").getMetadata().getGeneration()));
    }

    @Test
    void changingTheVSwitchesRestartsThePodSideAndKeepsPodsAndGroups() throws Exception {
        startController();
        apply(virtualNode("moving", EmbeddedEci.VSWITCH_A));
        await().atMost(WAIT).until(() -> nodeReady(node("moving")));
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "stays", "moving"))
                .create();
        await().atMost(WAIT).until(() -> "Running".equals(podPhase("stays")));
        String nodeUid = node("moving").getMetadata().getUid();

        editRetrying("moving", v -> {
            v.getSpec().vSwitchIds = List.of(EmbeddedEci.VSWITCH_B);
            return v;
        });
        await().atMost(WAIT)
                .until(() -> controllers
                        .get(0)
                        .served("moving")
                        .map(s -> s.plan().vSwitchIds())
                        .orElse(List.of())
                        .equals(List.of(EmbeddedEci.VSWITCH_B)));
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "moved", "moving"))
                .create();
        await().atMost(WAIT).until(() -> "Running".equals(podPhase("moved")));

        assertThat(liveGroups("moving"))
                .extracting(g -> g.tags().get(OwnershipTags.NAME) + "@" + g.vSwitchId())
                .containsExactlyInAnyOrder("stays@" + EmbeddedEci.VSWITCH_A, "moved@" + EmbeddedEci.VSWITCH_B);
        assertThat(podPhase("stays")).isEqualTo("Running");
        assertThat(node("moving").getMetadata().getUid()).isEqualTo(nodeUid);
        assertThat(nodeReady(node("moving"))).isTrue();
    }

    @Test
    void deletingAVirtualNodeDeletesItsPodsThenItsNode() throws Exception {
        startController();
        apply(virtualNode("doomed", EmbeddedEci.VSWITCH_A));
        await().atMost(WAIT).until(() -> nodeReady(node("doomed")));
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "p1", "doomed"))
                .create();
        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "p2", "doomed"))
                .create();
        await().atMost(WAIT).until(() -> "Running".equals(podPhase("p1")) && "Running".equals(podPhase("p2")));
        assertThat(liveGroups("doomed")).hasSize(2);

        client.resources(VirtualNode.class).withName("doomed").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(client.pods().inNamespace("default").list().getItems()).isEmpty();
            assertThat(liveGroups("doomed")).isEmpty();
            assertThat(node("doomed")).isNull();
            assertThat(get("doomed")).isNull();
        });
        assertThat(client.leases()
                        .inNamespace("kube-node-lease")
                        .withName("doomed")
                        .get())
                .isNull();
    }

    @Test
    void invalidVirtualNodesAreReportedAndNeverServed() {
        client.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName("real-worker")
                        .endMetadata()
                        .build())
                .create();
        startController();
        apply(virtualNode("twice", EmbeddedEci.VSWITCH_A, EmbeddedEci.VSWITCH_A));
        VirtualNode clash = virtualNode("clash");
        clash.getSpec().nodeName = "real-worker";
        apply(clash);
        VirtualNode spot = virtualNode("spot");
        spot.getSpec().podDefaults = new VirtualNodeSpec.PodDefaults();
        spot.getSpec().podDefaults.spotPriceLimit = 0.5;
        apply(spot);
        apply(virtualNode("fine"));

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(condition(get("twice"), "Ready").reason).isEqualTo("InvalidSpec");
            assertThat(condition(get("twice"), "Ready").message).contains("spec.vSwitchIds");
            assertThat(condition(get("clash"), "Ready").message)
                    .contains("spec.nodeName")
                    .contains("not a virtual node");
            assertThat(condition(get("spot"), "Ready").message).contains("spec.podDefaults.spotPriceLimit");
            assertThat(condition(get("fine"), "Ready").status).isEqualTo("True");
        });
        assertThat(node("twice")).isNull();
        assertThat(node("spot")).isNull();
        assertThat(node("real-worker").getMetadata().getLabels()).isNullOrEmpty();
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .extracting(Event::getReason)
                .contains("InvalidSpec");
        assertThat(controllers.get(0).served("twice")).isEmpty();

        // fixing the spec serves it
        editRetrying("twice", v -> {
            v.getSpec().vSwitchIds = List.of(EmbeddedEci.VSWITCH_A);
            return v;
        });
        await().atMost(WAIT).until(() -> nodeReady(node("twice")));
    }

    @Test
    void aSelectorLimitsTheServedVirtualNodes() {
        startController("--virtual-node-selector", "shard=one", "--node-name", "vk-shard");
        VirtualNode other = virtualNode("other-shard");
        other.getMetadata().getLabels().put("shard", "two");
        apply(other);
        VirtualNode mine = virtualNode("mine");
        mine.getMetadata().getLabels().put("shard", "one");
        apply(mine);
        await().atMost(WAIT).until(() -> nodeReady(node("mine")) && nodeReady(node("vk-shard")));
        assertThat(node("other-shard")).isNull();
        assertThat(get("other-shard").getStatus())
                .satisfiesAnyOf(
                        s -> assertThat(s).isNull(),
                        s -> assertThat(s.conditions).isEmpty());
    }

    /**
     * Edits a VirtualNode as a user would; the controller writes its status concurrently, so an edit based on a stale
     * resourceVersion gets 409 (on a real apiserver too) and is retried.
     */
    private void editRetrying(String name, java.util.function.UnaryOperator<VirtualNode> change) {
        await().atMost(WAIT)
                .ignoreException(io.fabric8.kubernetes.client.KubernetesClientException.class)
                .until(() -> {
                    client.resources(VirtualNode.class).withName(name).edit(change);
                    return true;
                });
    }
}
