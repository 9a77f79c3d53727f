package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.simulator.Fault;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.translate.OwnershipTags;
import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The orphan collector's decisions, on groups the embedded ECI holds (created from Pods as the reconciler creates
 * them) and Pods the mock apiserver holds: a group is deleted only when the Pod cache has synced, the group is past
 * the grace age, no cached Pod has its UID and the apiserver, asked directly, has no Pod with that UID either.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class OrphanCollectorMockTest {
    static final String NODE = "vk-orphans";
    static final String CLUSTER = "c-orphans";
    static final Duration GRACE = Duration.ofMinutes(10);
    static final TranslationContext CONTEXT = new TranslationContext(
            NODE, CLUSTER, EmbeddedEci.REGION, EmbeddedEci.VSWITCH_A, "sg-orphans", null, null, null, "10.0.0.5");
    /** A collector's clock past the grace age of every group the test created. */
    static final Clock PAST_GRACE = Clock.offset(Clock.systemUTC(), GRACE.plusMinutes(1));

    KubernetesClient client;
    KubernetesMockServer server;
    EmbeddedEci eci;
    final List<Pod> cache = new CopyOnWriteArrayList<>();
    final List<ContainerGroupState> reported = new CopyOnWriteArrayList<>();
    volatile boolean cacheSynced = true;

    @BeforeEach
    void startEci() {
        eci = EmbeddedEci.start();
    }

    @AfterEach
    void stopEci() {
        eci.close();
    }

    private OrphanCollector collector(Clock clock) {
        ContainerGroupSource groups = new ContainerGroupSource(
                "orphans-" + NODE,
                eci.provider(),
                Map.of(OwnershipTags.CLUSTER, CLUSTER, OwnershipTags.NODE, NODE),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                Duration.ofSeconds(1),
                clock,
                ContainerGroupSource.PollListener.NONE,
                null);
        return new OrphanCollector(
                client,
                eci.provider(),
                groups,
                () -> cache,
                () -> cacheSynced,
                GRACE,
                clock,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME);
    }

    private List<ContainerGroupState> collect(Clock clock) {
        return collector(clock).collect(reported::add);
    }

    /** A Pod of this node that no apiserver has (yet). */
    private static Pod pod(String name) {
        return Pods.boundPod("default", name, NODE);
    }

    /** The Pod as the apiserver stores it (the UID it keeps is the one that counts). */
    private Pod inApiserver(Pod pod) {
        return client.pods().inNamespace("default").resource(pod).create();
    }

    /** Creates the Pod's group as the reconciler does: translated, tagged with the Pod's identity. */
    private String groupOf(Pod pod) throws ProviderException {
        var translation = PodTranslator.translate(pod, ResolvedRefs.none(), CONTEXT);
        assertThat(translation.problems()).isEmpty();
        return eci.provider().create(translation.spec());
    }

    private boolean live(String groupId) throws ProviderException {
        return eci.provider().get(groupId).map(g -> !g.isTerminal()).orElse(false);
    }

    @Test
    void deletesTheGroupOfAPodThatIsGoneOncePastTheGraceAge() throws Exception {
        String orphan = groupOf(pod("gone"));

        List<ContainerGroupState> collected = collect(PAST_GRACE);

        assertThat(collected).extracting(ContainerGroupState::id).containsExactly(orphan);
        assertThat(reported).extracting(ContainerGroupState::id).containsExactly(orphan);
        assertThat(live(orphan)).isFalse();
        assertThat(eci.simulator().counters().calls("DeleteContainerGroup")).isEqualTo(1);
    }

    @Test
    void sparesAGroupYoungerThanTheGraceAge() throws Exception {
        String young = groupOf(pod("gone-but-young"));

        assertThat(collect(Clock.systemUTC())).isEmpty();
        assertThat(live(young)).isTrue();
        assertThat(eci.simulator().counters().calls("DeleteContainerGroup")).isZero();
    }

    @Test
    void sparesTheGroupOfACachedPodWithoutAskingTheApiserver() throws Exception {
        Pod cached = pod("cached");
        cache.add(cached);
        String group = groupOf(cached);
        int requestsBefore = server.getRequestCount();

        assertThat(collect(PAST_GRACE)).isEmpty();
        assertThat(live(group)).isTrue();
        assertThat(server.getRequestCount()).as("apiserver requests").isEqualTo(requestsBefore);
    }

    @Test
    void sparesTheGroupOfAPodTheCacheMissedButTheApiserverHas() throws Exception {
        Pod stored = inApiserver(pod("missed-by-the-cache"));
        String group = groupOf(stored);

        assertThat(collect(PAST_GRACE)).isEmpty();
        assertThat(live(group)).isTrue();
    }

    @Test
    void deletesTheGroupOfAPodRecreatedWithAnotherUid() throws Exception {
        Pod earlier = pod("recreated");
        String earlierGroup = groupOf(earlier);
        Pod now = inApiserver(new PodBuilder(earlier)
                .editMetadata()
                .withUid(UUID.randomUUID().toString())
                .endMetadata()
                .build());
        assertThat(now.getMetadata().getUid())
                .isNotEqualTo(earlier.getMetadata().getUid());
        cache.add(now);
        String currentGroup = groupOf(now);

        assertThat(collect(PAST_GRACE)).extracting(ContainerGroupState::id).containsExactly(earlierGroup);
        assertThat(live(earlierGroup)).isFalse();
        assertThat(live(currentGroup)).isTrue();
    }

    @Test
    void aNameTooLongForATagIsLookedUpByUidAmongTheNamespacesPods() throws Exception {
        String longName = "a-pod-whose-name-is-longer-than-a-tag-value-".repeat(4) + "x";
        assertThat(longName.length()).isGreaterThan(OrphanCollector.MAX_TAG_VALUE);
        Pod stored = inApiserver(pod(longName));
        String kept = groupOf(stored);
        String gone = groupOf(pod(longName + "-gone"));

        assertThat(collect(PAST_GRACE)).extracting(ContainerGroupState::id).containsExactly(gone);
        assertThat(live(kept)).isTrue();
    }

    @Test
    void doesNothingUntilThePodCacheHasSynced() throws Exception {
        cacheSynced = false;
        String orphan = groupOf(pod("gone-before-sync"));
        long describes = eci.simulator().counters().calls("DescribeContainerGroups");

        assertThat(collect(PAST_GRACE)).isEmpty();
        assertThat(eci.simulator().counters().calls("DescribeContainerGroups"))
                .as("ECI not even asked")
                .isEqualTo(describes);
        assertThat(live(orphan)).isTrue();
    }

    @Test
    void doesNothingWhenTheGroupsCannotBeListed() throws Exception {
        String orphan = groupOf(pod("gone-while-eci-fails"));
        eci.simulator()
                .injectFault(Fault.error("DescribeContainerGroups", "ServiceUnavailable")
                        .always());

        assertThat(collect(PAST_GRACE)).isEmpty();
        eci.simulator().clearFaults();
        assertThat(live(orphan)).isTrue();
    }

    @Test
    void aGroupThatCouldNotBeDeletedIsLeftForTheNextPass() throws Exception {
        String orphan = groupOf(pod("gone-but-stubborn"));
        eci.simulator()
                .injectFault(
                        Fault.error("DeleteContainerGroup", "InternalError").times(1));

        assertThat(collect(PAST_GRACE)).isEmpty();
        assertThat(reported).isEmpty();
        assertThat(live(orphan)).isTrue();

        assertThat(collect(PAST_GRACE)).extracting(ContainerGroupState::id).containsExactly(orphan);
        assertThat(live(orphan)).isFalse();
    }

    @Test
    void aGroupEciNoLongerKnowsCountsAsCollected() throws Exception {
        String orphan = groupOf(pod("gone-twice"));
        eci.simulator()
                .injectFault(Fault.error("DeleteContainerGroup", "InvalidContainerGroupId.NotFound")
                        .times(1));

        assertThat(collect(PAST_GRACE)).extracting(ContainerGroupState::id).containsExactly(orphan);
        assertThat(reported).extracting(ContainerGroupState::id).containsExactly(orphan);
    }
}
