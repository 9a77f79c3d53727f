package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.simulator.SimCounters;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.translate.OwnershipTags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Status in proportion to change, through the real ECI client and the embedded ECI: after the first listing a round
 * costs one DescribeContainerGroupStatus page, however many groups run, and describes only what the feed cannot show.
 */
class StatusFeedRoundsMockTest {
    static final String CLUSTER = "c1";
    static final String NODE = "vk-feed";
    static final int GROUPS = 60;

    EmbeddedEci eci;
    ContainerGroupSource groups;
    final Map<String, String> uidByGroup = new LinkedHashMap<>();

    @BeforeEach
    void start() throws Exception {
        eci = EmbeddedEci.start(b -> b.quotaScale(0), p -> p.withRateLimit(0, Duration.ofSeconds(1)));
        groups = new ContainerGroupSource(
                "feed-" + NODE,
                eci.provider(),
                PodReconciler.nodeSelector(CLUSTER, NODE),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                Duration.ofSeconds(1),
                Clock.systemUTC(),
                ContainerGroupSource.PollListener.NONE,
                new ContainerGroupSource.Feed(eci.provider(), Duration.ofHours(1)));
        for (int i = 0; i < GROUPS; i++) {
            String uid = "uid-" + i;
            uidByGroup.put(eci.provider().create(spec("p" + i, uid, "sleep", "3600")), uid);
        }
        await().atMost(Duration.ofSeconds(20))
                .until(() -> eci
                        .provider()
                        .list(dev.ecivk.provider.model.ListQuery.byTags(PodReconciler.nodeSelector(CLUSTER, NODE)))
                        .stream()
                        .allMatch(g -> "Running".equals(g.status())));
    }

    @AfterEach
    void stop() {
        eci.close();
    }

    static ContainerGroupSpec spec(String name, String uid, String... argv) {
        Map<String, String> tags = new LinkedHashMap<>(PodReconciler.nodeSelector(CLUSTER, NODE));
        tags.put(OwnershipTags.UID, uid);
        tags.put(OwnershipTags.NAMESPACE, "default");
        tags.put(OwnershipTags.NAME, name);
        return ContainerGroupSpec.builder()
                .name(name)
                .clientToken(uid)
                .securityGroupId("sg")
                .vSwitchId(EmbeddedEci.VSWITCH_A)
                .restartPolicy("Never")
                .cpu(1.0)
                .memory(2.0)
                .tags(tags)
                .containers(List.of(new ContainerSpec(
                        "c",
                        "busybox",
                        null,
                        List.of(argv[0]),
                        List.of(argv).subList(1, argv.length),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null)))
                .build();
    }

    private Map<String, Long> calls() {
        SimCounters c = eci.simulator().counters();
        Map<String, Long> out = new LinkedHashMap<>();
        for (String action : List.of("DescribeContainerGroupStatus", "DescribeContainerGroups")) {
            out.put(action, c.calls(action));
        }
        return out;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String action) {
        return after.get(action) - before.get(action);
    }

    @Test
    void steadyStateCostsOneStatusPagePerRoundWhateverRuns() {
        assertThat(groups.poll()).as("the first round lists every group by tag").isTrue();
        assertThat(groups.snapshot()).hasSize(GROUPS);

        Map<String, Long> before = calls();
        int rounds = 5;
        for (int i = 0; i < rounds; i++) {
            assertThat(groups.poll()).isTrue();
        }
        Map<String, Long> after = calls();
        assertThat(delta(before, after, "DescribeContainerGroupStatus")).isEqualTo(rounds);
        assertThat(delta(before, after, "DescribeContainerGroups"))
                .as("nothing is described while nothing needs it")
                .isZero();
        assertThat(groups.snapshot()).hasSize(GROUPS);
    }

    @Test
    void aChangeReachesTheSnapshotInOneRound() throws Exception {
        groups.poll();
        String victim = new ArrayList<>(uidByGroup.keySet()).get(7);
        eci.provider().delete(victim, "t-delete"); // a status change of one group (Running → gone) ...
        String ended = eci.provider().create(spec("ends", "uid-ends", "sh", "-c", "exit 3")); // ... and a new one
        uidByGroup.put(ended, "uid-ends");
        groups.recordCreate("uid-ends", ended, false);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            groups.poll();
            assertThat(groups.forPod("uid-ends"))
                    .hasValueSatisfying(g -> assertThat(g.status()).isEqualTo("Failed"));
        });
        assertThat(groups.forPod("uid-ends").orElseThrow().containers())
                .singleElement()
                .satisfies(c -> assertThat(c.currentState().exitCode()).isEqualTo(3));
    }

    @Test
    void aGroupDeletedBehindOurBackIsNoticedByTheSweep() throws Exception {
        groups = new ContainerGroupSource(
                "feed-sweep-" + NODE,
                eci.provider(),
                PodReconciler.nodeSelector(CLUSTER, NODE),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                Duration.ofMillis(100),
                Clock.systemUTC(),
                ContainerGroupSource.PollListener.NONE,
                new ContainerGroupSource.Feed(eci.provider(), Duration.ofMillis(200)));
        groups.poll();
        String gone = new ArrayList<>(uidByGroup.keySet()).get(3);
        String uid = uidByGroup.get(gone);
        eci.provider().delete(gone, "console-delete"); // deleted in the console: no status change is reported

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            groups.poll();
            assertThat(groups.forPod(uid)).isEmpty();
        });
        assertThat(groups.snapshot()).hasSize(GROUPS - 1);
    }

    @Test
    void aCreatedGroupIsOnItsWayUntilARoundShowsIt() throws Exception {
        assertThat(groups.poll()).isTrue();
        assertThat(groups.unseenCreates()).isZero();

        String id = eci.provider().create(spec("late", "uid-late", "sleep", "3600"));
        groups.recordCreate("uid-late", id, false);
        // its Pod waits for a status write that no round has brought yet: the node's Events and prices wait too
        assertThat(groups.unseenCreates()).isEqualTo(1);

        assertThat(groups.poll()).isTrue();
        assertThat(groups.unseenCreates()).isZero();
        assertThat(groups.forPod("uid-late"))
                .hasValueSatisfying(g -> assertThat(g.id()).isEqualTo(id));
    }

    @Test
    void theLastCreateOfABatchBringsARoundSoonOnceAnInterval() throws Exception {
        ContainerGroupSource slow = new ContainerGroupSource(
                "slow-" + NODE,
                eci.provider(),
                PodReconciler.nodeSelector(CLUSTER, NODE),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                ContainerGroupSource.PollListener.NONE,
                new ContainerGroupSource.Feed(eci.provider(), Duration.ofHours(1)));
        slow.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(slow::hasSynced); // the first round, at start
            String id = eci.provider().create(spec("soon", "uid-soon", "sleep", "3600"));
            slow.recordCreate("uid-soon", id, false);
            long statusCalls = eci.simulator().counters().calls("DescribeContainerGroupStatus");

            slow.roundSoon();

            // shown long before the next 30 s round
            await().atMost(Duration.ofSeconds(5)).until(() -> slow.unseenCreates() == 0);
            assertThat(slow.forPod("uid-soon"))
                    .hasValueSatisfying(g -> assertThat(g.id()).isEqualTo(id));
            long afterEarly = eci.simulator().counters().calls("DescribeContainerGroupStatus");
            assertThat(afterEarly - statusCalls).as("one early round, one page").isEqualTo(1);

            // a second batch within the same interval waits for the regular round
            String second = eci.provider().create(spec("later", "uid-later", "sleep", "3600"));
            slow.recordCreate("uid-later", second, false);
            slow.roundSoon();
            Thread.sleep(ContainerGroupSource.SOON.toMillis() * 5); // what would have been an early round's time
            assertThat(slow.unseenCreates()).isEqualTo(1);
            assertThat(eci.simulator().counters().calls("DescribeContainerGroupStatus"))
                    .isEqualTo(afterEarly);
        } finally {
            slow.stop();
        }
    }
}
