package dev.ecivk.provider.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StopProgress;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.simulator.vm.VmBootHook;
import dev.ecivk.testing.FakeVmCloud;
import dev.ecivk.testing.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generic VM provider against an in-memory cloud and agent channel: no sockets, a hand-moved clock. */
class VmProviderTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final FakeVmCloud cloud = new FakeVmCloud(VmBootHook.NONE, clock);
    final Agents agents = new Agents();
    final VmProvider provider = new VmProvider(
            cloud,
            agents,
            new VmSettings(
                    "m-1",
                    "sg-default",
                    Map.of("vsw-a", "zone-a"),
                    40,
                    2,
                    Duration.ofHours(1),
                    new VmStatusMapper.Timing(Duration.ofSeconds(30), Duration.ofMinutes(5)),
                    Duration.ofMillis(50),
                    "ecivk.dev/uid"),
            clock);

    /** An agent channel kept in memory: what the provider asked and what the test says agents reported. */
    static final class Agents implements AgentChannel {
        final Map<String, AgentReport> reports = new ConcurrentHashMap<>();
        final Set<String> forgotten = ConcurrentHashMap.newKeySet();
        /** The Pods whose agent registered: only those can be asked to stop. */
        final Set<String> registered = ConcurrentHashMap.newKeySet();
        /** The stop requests sent: Pod UID → grace period, one per request. */
        final List<Map.Entry<String, Duration>> stopRequests = new java.util.concurrent.CopyOnWriteArrayList<>();

        Instant since = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public String bootstrap(String podUid, ContainerGroupSpec spec) {
            return "#!/bin/sh\n# bootstrap of " + podUid + "\n";
        }

        @Override
        public Optional<AgentReport> report(String podUid) {
            return Optional.ofNullable(reports.get(podUid));
        }

        @Override
        public Instant listeningSince() {
            return since;
        }

        @Override
        public Duration reportInterval() {
            return Duration.ofSeconds(5);
        }

        @Override
        public String logs(String podUid, String container, LogQuery query) {
            return "log of " + podUid + "/" + container;
        }

        @Override
        public URI exec(String podUid, String container, List<String> command, boolean tty, boolean stdin) {
            return URI.create("ws://127.0.0.1:1/exec/" + podUid);
        }

        @Override
        public List<GroupMetrics.ContainerMetrics> stats(String podUid) {
            return List.of(new GroupMetrics.ContainerMetrics(
                    "app",
                    new GroupMetrics.Cpu(10L, 20L, null, null),
                    new GroupMetrics.Memory(null, 30L, null, 40L, 50L)));
        }

        @Override
        public boolean requestStop(String podUid, Duration gracePeriod) {
            if (!registered.contains(podUid)) {
                return false;
            }
            stopRequests.add(Map.entry(podUid, gracePeriod));
            return true;
        }

        @Override
        public void forget(String podUid) {
            forgotten.add(podUid);
        }
    }

    @AfterEach
    void close() {
        provider.close();
    }

    static ContainerGroupSpec spec(String uid) {
        return ContainerGroupSpec.builder()
                .name("pod-" + uid)
                .clientToken(uid)
                .cpu(2.0)
                .memory(4.0)
                .containers(List.of(ContainerSpec.of("app", "nginx")))
                .tags(Map.of("ecivk.dev/uid", uid, "ecivk.dev/node", "vk"))
                .build();
    }

    @Test
    void aBurstOfLaunchesReadsTheCatalogueOnceAndCarriesTokenTagsAndBootstrap() throws Exception {
        for (int i = 0; i < 10; i++) {
            provider.create(spec("u" + i));
        }
        assertThat(cloud.catalogueCalls).hasValue(1);
        assertThat(cloud.launches).hasSize(10).allSatisfy(l -> {
            assertThat(l.userData()).startsWith("#!/bin/sh\n# bootstrap of " + l.clientToken());
            assertThat(l.toString()).doesNotContain("bootstrap of");
            assertThat(l.tags()).containsEntry("ecivk.dev/uid", l.clientToken());
            assertThat(l.instanceTypes()).containsExactly("ecs.t6.large", "ecs.c7.large");
            assertThat(l.securityGroupId()).isEqualTo("sg-default");
            assertThat(l.vSwitchId()).isEqualTo("vsw-a");
            assertThat(l.zoneId()).isEqualTo("zone-a");
            assertThat(l.systemDiskGiB()).isEqualTo(40);
        });
        // a repeated create (a retry after a lost answer) finds the same instance
        assertThat(provider.create(spec("u3"))).isEqualTo(provider.create(spec("u3")));
    }

    @Test
    void noStockOfEveryTypeIsACapacityFailure() {
        cloud.outOfStock("ecs.t6.large");
        cloud.outOfStock("ecs.c7.large");
        assertThatThrownBy(() -> provider.create(spec("u1")))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY));
    }

    @Test
    void anInstanceThatVanishesAfterBeingSeenIsLostButANewOneIsNot() throws Exception {
        String seen = provider.create(spec("u1"));
        assertThat(provider.list(ListQuery.byIds(List.of(seen)))).hasSize(1);
        cloud.vanish(seen);
        assertThat(provider.list(ListQuery.byIds(List.of(seen))))
                .singleElement()
                .satisfies(g -> {
                    assertThat(g.status()).isEqualTo("Failed");
                    assertThat(g.events()).extracting(e -> e.reason()).contains("InstanceLost");
                });

        String fresh = provider.create(spec("u2"));
        cloud.vanish(fresh); // not yet visible in the cloud's answers: eventual consistency, not a loss
        assertThat(provider.list(ListQuery.byIds(List.of(fresh)))).isEmpty();
        clock.advance(VmProvider.VISIBILITY_GRACE.plusSeconds(1));
        assertThat(provider.list(ListQuery.byIds(List.of(fresh))))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("Failed"));
    }

    @Test
    void afterARestartRunningInstancesWaitForTheirAgentsFirstReport() throws Exception {
        String id = provider.create(spec("u1"));
        provider.list(ListQuery.byIds(List.of(id))); // pending → starting
        provider.list(ListQuery.byIds(List.of(id))); // starting → running
        agents.since = clock.instant().plusSeconds(1); // the gateway (re)started after the instance was created
        clock.advance(Duration.ofSeconds(2));

        assertThatThrownBy(() -> provider.list(ListQuery.byIds(List.of(id))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                    assertThat(e.code()).isEqualTo("AgentReportsPending");
                });
        agents.reports.put("u1", new AgentReport(clock.instant(), "Running", List.of(), List.of(), List.of(), false));
        assertThat(provider.list(ListQuery.byIds(List.of(id))))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("Running"));
        agents.reports.clear();
        clock.advance(Duration.ofSeconds(10)); // two report intervals: silence now means what it says
        assertThat(provider.list(ListQuery.byIds(List.of(id))))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("Pending"));
    }

    @Test
    void deleteAdvancesTheTeardownUntilTheInstanceIsGoneThenForgetsTheAgent() throws Exception {
        String id = provider.create(spec("u1"));
        provider.list(ListQuery.byIds(List.of(id)));
        provider.delete(id, "u1");
        assertThat(provider.list(ListQuery.byIds(List.of(id))))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("Terminating"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.all().isEmpty());
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> provider.teardownsInProgress().isEmpty());
        assertThat(agents.forgotten).containsExactly("u1");
        assertThat(provider.list(ListQuery.byIds(List.of(id)))).isEmpty();
        assertThatThrownBy(() -> provider.delete(id, "u1"))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.isNotFound()).isTrue());
    }

    /** An instance launched for Pod {@code uid}, running, its agent registered and reporting its Pod running. */
    String running(String uid) throws Exception {
        String id = provider.create(spec(uid));
        provider.list(ListQuery.byIds(List.of(id))); // pending → starting
        provider.list(ListQuery.byIds(List.of(id))); // starting → running
        agents.registered.add(uid);
        agents.reports.put(uid, report("Running", false));
        assertThat(provider.list(ListQuery.byIds(List.of(id))))
                .singleElement()
                .satisfies(g -> assertThat(g.status()).isEqualTo("Running"));
        return id;
    }

    AgentReport report(String phase, boolean stopped) {
        return new AgentReport(clock.instant(), phase, List.of(), List.of(), List.of(), stopped);
    }

    @Test
    void aStopAsksTheAgentAndTheInstanceGoesOnlyOnceTheAgentReportsThePodStopped() throws Exception {
        String id = running("u1");

        StopProgress first = provider.stop(id, Duration.ofSeconds(20));
        assertThat(first.done()).isFalse();
        assertThat(first.state().status())
                .as("what the agent reports meanwhile")
                .isEqualTo("Running");
        clock.advance(Duration.ofSeconds(3));
        assertThat(provider.stop(id, Duration.ofSeconds(1)).done()).isFalse();
        assertThat(agents.stopRequests)
                .as("the first call's grace period holds")
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r).isEqualTo(Map.entry("u1", Duration.ofSeconds(20))));

        provider.delete(id, "u1"); // a Pod object already gone does not wait: the teardown waits for the stop
        assertThat(cloud.all()).extracting(VmInstance::state).containsExactly(VmInstance.State.RUNNING);

        agents.reports.put("u1", report("Failed", true));
        StopProgress stopped = provider.stop(id, Duration.ofSeconds(20));
        assertThat(stopped.done()).isTrue();
        assertThat(stopped.state().status()).as("the agent's final phase").isEqualTo("Failed");
        await().atMost(5, TimeUnit.SECONDS).until(() -> cloud.all().isEmpty());
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> provider.teardownsInProgress().isEmpty());
    }

    @Test
    void aSilentAgentHoldsTheInstanceNoLongerThanTheGracePeriodAndTheMargin() throws Exception {
        String id = running("u1");
        assertThat(provider.stop(id, Duration.ofSeconds(10)).done()).isFalse();

        clock.advance(Duration.ofSeconds(10).plus(GracefulStops.MARGIN).minusMillis(1));
        assertThat(provider.stop(id, Duration.ofSeconds(10)).done()).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(provider.stop(id, Duration.ofSeconds(10)).done()).isTrue();
    }

    @Test
    void nothingIsWaitedForWhereNoContainerCanRun() throws Exception {
        String booting = provider.create(spec("u1"));
        assertThat(provider.stop(booting, Duration.ofSeconds(30)).done())
                .as("no agent registered yet")
                .isTrue();

        String finished = running("u2");
        agents.reports.put("u2", report("Succeeded", false));
        assertThat(provider.stop(finished, Duration.ofSeconds(30)).done())
                .as("the Pod ran to completion")
                .isTrue();

        String stopped = running("u3");
        cloud.stopBehindTheControllersBack(stopped);
        provider.list(ListQuery.byIds(List.of(stopped)));
        assertThat(provider.stop(stopped, Duration.ofSeconds(30)).done())
                .as("the instance is down")
                .isTrue();

        assertThat(provider.stop("i-unknown", Duration.ofSeconds(30))).isEqualTo(StopProgress.DONE);
        assertThat(agents.stopRequests).isEmpty();
    }

    @Test
    void logsExecAndStatsGoToThePodsAgent() throws Exception {
        String id = provider.create(spec("u7"));
        assertThat(provider.logs(id, "app", LogQuery.all())).isEqualTo("log of u7/app");
        assertThat(provider.exec(id, "app", List.of("sh"), true, true)).hasPath("/exec/u7");
        List<GroupMetrics> metrics = provider.metrics(List.of(id));
        assertThat(metrics).singleElement().satisfies(m -> {
            assertThat(m.cpu().usageNanoCores()).isEqualTo(10L);
            assertThat(m.memory().workingSet()).isEqualTo(40L);
        });
        assertThatThrownBy(() -> provider.logs("i-unknown", "app", LogQuery.all()))
                .isInstanceOfSatisfying(
                        ProviderException.class, e -> assertThat(e.isNotFound()).isTrue());
    }
}
