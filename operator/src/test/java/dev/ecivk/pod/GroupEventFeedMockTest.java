package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.events.EventReason;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events in proportion to change, through the real ECI client and the embedded ECI: one node-wide call per round
 * while it holds every group with events, and by-id calls for the groups a full answer left out, so a burst of more
 * groups than one answer holds loses no event.
 */
class GroupEventFeedMockTest {
    static final String CLUSTER = "c1";
    static final String NODE = "vk-events";
    /** More groups than one DescribeContainerGroupEvents answer holds (200). */
    static final int GROUPS = 230;

    EmbeddedEci eci;
    ContainerGroupSource groups;
    final Map<String, Set<String>> reasonsByPod = new ConcurrentHashMap<>();
    final PodEventSink sink = new PodEventSink() {
        @Override
        public void record(Pod pod, EventReason reason, String message) {}

        @Override
        public void forward(Pod pod, GroupEvent event) {
            reasonsByPod
                    .computeIfAbsent(pod.getMetadata().getUid(), k -> ConcurrentHashMap.newKeySet())
                    .add(event.reason());
        }
    };

    @BeforeEach
    void start() {
        eci = EmbeddedEci.start(b -> b.quotaScale(0), p -> p.withRateLimit(0, Duration.ofSeconds(1)));
        groups = new ContainerGroupSource(
                "events-" + NODE,
                eci.provider(),
                PodReconciler.nodeSelector(CLUSTER, NODE),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                Duration.ofSeconds(1),
                Clock.systemUTC(),
                ContainerGroupSource.PollListener.NONE,
                new ContainerGroupSource.Feed(eci.provider(), Duration.ofHours(1)));
    }

    @AfterEach
    void stop() {
        eci.close();
    }

    private void runGroups(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            eci.provider().create(spec("p" + i, "uid-" + i));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> eci.provider().list(ListQuery.byTags(PodReconciler.nodeSelector(CLUSTER, NODE))).stream()
                                .filter(g -> "Running".equals(g.status()))
                                .count()
                        == n);
    }

    private static dev.ecivk.provider.model.ContainerGroupSpec spec(String name, String uid) {
        return StatusFeedRoundsMockTest.spec(name, uid, "sleep", "3600").toBuilder()
                .tags(tags(name, uid))
                .build();
    }

    private static Map<String, String> tags(String name, String uid) {
        Map<String, String> tags = new java.util.LinkedHashMap<>(PodReconciler.nodeSelector(CLUSTER, NODE));
        tags.put(OwnershipTags.UID, uid);
        tags.put(OwnershipTags.NAMESPACE, "default");
        tags.put(OwnershipTags.NAME, name);
        return tags;
    }

    private GroupEventFeed feed(Duration window, PodsFirst podsFirst) {
        return new GroupEventFeed(
                eci.provider(), PodReconciler.nodeSelector(CLUSTER, NODE), window, groups, sink, podsFirst);
    }

    private long eventCalls() {
        return eci.simulator().counters().calls("DescribeContainerGroupEvents");
    }

    @Test
    void aBurstOfMoreGroupsThanOneAnswerHoldsLosesNoEvent() throws Exception {
        runGroups(GROUPS);
        assertThat(groups.poll()).isTrue();
        GroupEventFeed feed = feed(Duration.ofSeconds(60), PodsFirst.never());

        long before = eventCalls();
        int forwarded = feed.round();

        Set<String> expected = new HashSet<>();
        for (int i = 0; i < GROUPS; i++) {
            expected.add("uid-" + i);
        }
        assertThat(reasonsByPod.keySet())
                .as("every group's events reached its Pod")
                .isEqualTo(expected);
        assertThat(reasonsByPod.values())
                .allSatisfy(reasons -> assertThat(reasons).contains("Started"));
        assertThat(eventCalls() - before)
                .as("one node-wide call, then the %d groups it left out by id, 20 a call", GROUPS - 200)
                .isEqualTo(1 + (GROUPS - 200 + 19) / 20);

        long again = eventCalls();
        assertThat(feed.round()).as("an occurrence is forwarded once").isZero();
        assertThat(forwarded).isPositive();
        assertThat(eventCalls() - again).isPositive();
    }

    @Test
    void whileOneAnswerHoldsEveryGroupARoundIsOneCall() throws Exception {
        runGroups(40);
        assertThat(groups.poll()).isTrue();
        GroupEventFeed feed = feed(Duration.ofSeconds(60), PodsFirst.never());

        long before = eventCalls();
        feed.round();
        feed.round();

        assertThat(eventCalls() - before).isEqualTo(2);
        assertThat(reasonsByPod).hasSize(40);
    }

    @Test
    void whileTheNodesPodsAreOnTheirWayRoundsWaitAtMostTheDeferralAndLoseNothing() throws Exception {
        runGroups(40);
        assertThat(groups.poll()).isTrue();
        AtomicInteger onTheirWay = new AtomicInteger(1);
        GroupEventFeed feed = feed(Duration.ofSeconds(60), new PodsFirst(onTheirWay::get, 1, Duration.ofSeconds(2)));
        long before = eventCalls();

        feed.run(); // busy, and the last round is younger than the deferral: skipped
        assertThat(eventCalls() - before).isZero();
        assertThat(reasonsByPod).isEmpty();

        // busy for longer than the deferral: a round goes anyway, and its window holds what the skipped one had
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    feed.run();
                    assertThat(reasonsByPod).hasSize(40);
                });
        assertThat(eventCalls() - before).isEqualTo(1);

        feed.run(); // just ran: skipped again while busy
        assertThat(eventCalls() - before).isEqualTo(1);
        onTheirWay.set(0);
        feed.run(); // quiet: runs at once
        assertThat(eventCalls() - before).isEqualTo(2);
    }

    @Test
    void aWindowNoLongerThanTheDeferralIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> feed(Duration.ofSeconds(15), new PodsFirst(() -> 0, 1, Duration.ofSeconds(15))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
