package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.simulator.Fault;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciliation core under the failures users of virtual nodes report most, with the embedded ECI's fault
 * injection and counters: throttling storms, no stock, vanished groups, retention, deletes racing creates,
 * controller restarts and re-created Pods. The mock server deletes Pods at once (no graceful deletion), which is
 * the "force delete" path of a real apiserver.
 */
class ReconciliationScenariosMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-scenarios";
    KubernetesClient client;
    EmbeddedEci eci;
    final List<TestController> controllers = new ArrayList<>();

    @AfterEach
    void stop() {
        controllers.forEach(TestController::close);
        if (eci != null) {
            eci.close();
        }
    }

    /** The embedded ECI without its own quotas (faults are injected explicitly) and a client limiter 100× ECI's. */
    private void startEci(java.util.function.UnaryOperator<dev.ecivk.simulator.SimulatorSettings.Builder> sim) {
        eci = EmbeddedEci.start(
                b -> sim.apply(b.quotaScale(0)
                        .vSwitchZones(Map.of(
                                EmbeddedEci.VSWITCH_A, EmbeddedEci.ZONE_A, EmbeddedEci.VSWITCH_B, EmbeddedEci.ZONE_B))),
                p -> p.withRateLimit(100.0, Duration.ofSeconds(30)));
    }

    /** Starts a controller; {@code overrides} are option/value pairs replacing TestController's defaults. */
    private TestController startController(String... overrides) {
        TestController c = TestController.start(client, eci, NODE, overrides);
        controllers.add(c);
        return c;
    }

    private Pod create(Pod pod) {
        return client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .resource(pod)
                .create();
    }

    private Pod get(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    private String phase(String name) {
        Pod p = get(name);
        return p == null || p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    private List<ContainerGroupState> groups() throws Exception {
        return eci.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, NODE)));
    }

    private List<ContainerGroupState> liveGroups() throws Exception {
        return groups().stream().filter(g -> !g.isTerminal()).toList();
    }

    private List<String> eventReasons(String podName) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> podName.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    @Test
    void throttlingStormDuringABurstDelaysButNeverFailsOrDuplicates() throws Exception {
        startEci(b -> b);
        eci.simulator()
                .injectFault(Fault.error("CreateContainerGroup", "Throttling")
                        .rate(0.5)
                        .always());
        // the status path: the change feed, and the listings and describes it falls back to
        for (String status : List.of("DescribeContainerGroupStatus", "DescribeContainerGroups")) {
            eci.simulator()
                    .injectFault(Fault.error(status, "Throttling").rate(0.5).always());
        }
        startController();

        int n = 500;
        IntStream.range(0, n).parallel().forEach(i -> create(Pods.boundPod("default", "burst-" + i, NODE)));

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    Map<String, Long> phases = client.pods().inNamespace("default").list().getItems().stream()
                            .collect(Collectors.groupingBy(
                                    p -> p.getStatus() == null || p.getStatus().getPhase() == null
                                            ? "None"
                                            : p.getStatus().getPhase(),
                                    Collectors.counting()));
                    assertThat(phases).containsEntry("Running", (long) n);
                });
        eci.simulator().clearFaults(); // so the checks below can list
        // which status calls a round makes depends on timing (the feed, or a listing after a gap): together they
        // were throttled
        assertThat(eci.simulator().counters().errors("DescribeContainerGroupStatus", "Throttling")
                        + eci.simulator().counters().errors("DescribeContainerGroups", "Throttling"))
                .isPositive();
        assertThat(eci.simulator().counters().errors("CreateContainerGroup", "Throttling"))
                .isPositive();
        assertThat(eci.simulator().counters().creates()).isEqualTo(n);
        Set<String> uids = new HashSet<>();
        groups().forEach(g ->
                assertThat(uids.add(g.tags().get(OwnershipTags.UID))).isTrue());
        assertThat(uids).hasSize(n);
    }

    @Test
    void noStockInOneVSwitchFailsOverToTheNext() throws Exception {
        startEci(b -> b.zoneStock(EmbeddedEci.ZONE_A, 0));
        startController();
        create(Pods.boundPod("default", "stockless", NODE));

        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("stockless")));
        assertThat(groups())
                .singleElement()
                .satisfies(g -> assertThat(g.vSwitchId()).isEqualTo(EmbeddedEci.VSWITCH_B));
        assertThat(eci.simulator().counters().errors("CreateContainerGroup", "OperationDenied.NoStock"))
                .isPositive();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventReasons("stockless").contains("VSwitchFailover"));
    }

    @Test
    void noStockAnywhereKeepsThePodPendingAndRetries() throws Exception {
        startEci(b -> b.zoneStock(EmbeddedEci.ZONE_A, 0).zoneStock(EmbeddedEci.ZONE_B, 0));
        startController();
        create(Pods.boundPod("default", "waiting", NODE));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> eventReasons("waiting").contains("CapacityRetry"));
        // the Event is written off the reconcile thread: the status may land a moment later
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(get("waiting").getStatus().getReason()).isEqualTo("ProviderCapacity"));
        assertThat(phase("waiting")).isEqualTo("Pending");

        eci.simulator().setStock(EmbeddedEci.ZONE_B, null); // stock returns
        await().atMost(Duration.ofSeconds(60)).until(() -> "Running".equals(phase("waiting")));
    }

    @Test
    void aGroupThatVanishesFailsItsPodWithProviderFailed() throws Exception {
        startEci(b -> b);
        // ECI's change feed does not show a deleted group; the resync sweep does (every 10 min by default)
        startController("--status-resync-interval", "1s");
        create(Pods.boundPod("default", "doomed", NODE));
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("doomed")));

        String id = groups().get(0).id();
        eci.provider().delete(id, "behind-our-back"); // someone deletes it in the console

        await().atMost(Duration.ofSeconds(20)).until(() -> "Failed".equals(phase("doomed")));
        Pod failed = get("doomed");
        assertThat(failed.getStatus().getReason()).isEqualTo("ProviderFailed");
        assertThat(eventReasons("doomed")).contains("ContainerGroupVanished");
    }

    @Test
    void aFinishedJobKeepsItsStatusAfterEciForgetsIt() throws Exception {
        startEci(b -> b.retainedTerminalGroups(1).terminalRetention(Duration.ZERO));
        startController();
        create(Pods.bound("default", "job-a", NODE, "sh", "-c", "echo done; exit 0")
                .editSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> "Succeeded".equals(phase("job-a")));
        String uidA = get("job-a").getMetadata().getUid();

        create(Pods.bound("default", "job-b", NODE, "sh", "-c", "exit 0")
                .editSpec()
                .withRestartPolicy("Never")
                .endSpec()
                .build());
        await().atMost(Duration.ofSeconds(20)).until(() -> "Succeeded".equals(phase("job-b")));
        // ECI keeps only the newest ended group here: job-a's is forgotten
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        groups().stream().noneMatch(g -> uidA.equals(g.tags().get(OwnershipTags.UID))));
        controllers.get(0).pollNow();
        controllers.get(0).pollNow();

        Pod a = get("job-a");
        assertThat(a.getStatus().getPhase()).isEqualTo("Succeeded");
        assertThat(a.getStatus()
                        .getContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getExitCode())
                .isZero();
        assertThat(eventReasons("job-a")).doesNotContain("ContainerGroupVanished");
    }

    @Test
    void aDeleteDuringCreateLeavesNoGroup() throws Exception {
        startEci(b -> b);
        eci.simulator().injectFault(Fault.latency("CreateContainerGroup", Duration.ofSeconds(1)));
        startController();
        create(Pods.boundPod("default", "short-lived", NODE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eci.simulator().counters().calls("CreateContainerGroup") >= 1);

        client.pods().inNamespace("default").withName("short-lived").delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(eci.simulator().counters().creates()).isEqualTo(1);
            assertThat(liveGroups()).isEmpty();
        });
    }

    @Test
    void aControllerRestartInTheMiddleOfABurstCreatesEveryGroupExactlyOnce() throws Exception {
        startEci(b -> b);
        eci.simulator()
                .injectFault(Fault.latency("CreateContainerGroup", Duration.ofMillis(50))
                        .always());
        TestController first = startController("--workers", "4");
        int n = 100;
        IntStream.range(0, n).forEach(i -> create(Pods.boundPod("default", "restart-" + i, NODE)));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eci.simulator().counters().creates() >= n / 3);

        first.close(); // killed mid-burst: some Pods have groups, some not
        assertThat(eci.simulator().counters().creates()).isLessThan(n);
        TestController second = startController();

        await().atMost(Duration.ofMinutes(2))
                .untilAsserted(() -> assertThat(client.pods().inNamespace("default").list().getItems().stream()
                                .filter(p -> p.getStatus() != null
                                        && "Running".equals(p.getStatus().getPhase()))
                                .count())
                        .isEqualTo(n));
        assertThat(eci.simulator().counters().creates()).isEqualTo(n);
        assertThat(second.collectOrphans()).isEmpty();
        assertThat(liveGroups()).hasSize(n);
    }

    @Test
    void aPodRecreatedWithTheSameNameGetsANewGroupAndTheOldOneIsCollected() throws Exception {
        startEci(b -> b);
        TestController first = startController();
        Pod old = create(Pods.boundPod("default", "same-name", NODE));
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("same-name")));
        String oldGroup = groups().get(0).id();
        first.close();

        // while the controller is down, the Pod is force-deleted and re-created with another UID
        client.pods()
                .inNamespace("default")
                .withName("same-name")
                .withGracePeriod(0)
                .delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("same-name") == null);
        Pod fresh = create(new PodBuilder(Pods.boundPod("default", "same-name", NODE)).build());
        assertThat(fresh.getMetadata().getUid()).isNotEqualTo(old.getMetadata().getUid());

        TestController second = startController();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("same-name")));
        assertThat(Pods.groupId(get("same-name"))).isNotEqualTo(oldGroup);

        List<ContainerGroupState> collected = second.collectOrphans();
        assertThat(collected).extracting(ContainerGroupState::id).containsExactly(oldGroup);
        assertThat(liveGroups())
                .singleElement()
                .satisfies(g -> assertThat(g.tags().get(OwnershipTags.UID))
                        .isEqualTo(fresh.getMetadata().getUid()));
    }

    @Test
    void aNewImageOnARunningPodReachesTheGroupWithUpdateContainerGroup() throws Exception {
        startEci(b -> b);
        startController();
        create(Pods.boundPod("default", "upgrade", NODE));
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("upgrade")));
        String id = groups().get(0).id();

        client.pods()
                .inNamespace("default")
                .withName("upgrade")
                .edit(p -> new PodBuilder(p)
                        .editSpec()
                        .editFirstContainer()
                        .withImage("nginx:1.28")
                        .endContainer()
                        .endSpec()
                        .build());

        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(groups()).singleElement().satisfies(g -> {
                    assertThat(g.id()).isEqualTo(id);
                    assertThat(g.containers().get(0).image()).isEqualTo("nginx:1.28");
                }));
        assertThat(eci.simulator().counters().calls("UpdateContainerGroup")).isEqualTo(1);
        assertThat(eci.simulator().counters().creates()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> eventReasons("upgrade").contains("ProviderUpdateSuccess"));
    }
}
