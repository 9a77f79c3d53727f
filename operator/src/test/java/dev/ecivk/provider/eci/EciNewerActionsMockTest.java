package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.AccountUsage;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.EventBatch;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupEvents;
import dev.ecivk.provider.model.GroupFilter;
import dev.ecivk.provider.model.GroupStatus;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.SpotStrategy;
import dev.ecivk.provider.model.StatusPage;
import dev.ecivk.provider.model.StatusQuery;
import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import dev.ecivk.simulator.SimulatorAdminClient;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The newer ECI calls through the project's client (tea-openapi, signed requests) against the embedded ECI: the
 * status and event feeds, stock, prices and usage, with their quotas.
 */
class EciNewerActionsMockTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Map<String, String> NODE_TAG = Map.of("ecivk.dev/node", "vk-feed");

    private static ContainerGroupSpec.Builder group(String name, String... argv) {
        return EciProviderContractMockTest.group(name, EciProviderContractMockTest.container("c", argv))
                .tags(NODE_TAG);
    }

    private static ProviderException failure(EciProviderContractMockTest.ThrowingCall call) {
        return EciProviderContractMockTest.failure(call);
    }

    @Test
    void theStatusFeedReturnsWhatChangedInTheWindowAndSweepsEveryGroupPageByPage() throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (EmbeddedEci eci = EmbeddedEci.start(b -> b.clock(clock), s -> s)) {
            EciProvider p = eci.provider();
            String old = p.create(group("old", "sleep", "3600").build());
            clock.advance(Duration.ofSeconds(1));
            await().atMost(WAIT)
                    .until(() -> p.allStatuses(StatusQuery.all(GroupFilter.byTags(NODE_TAG))).stream()
                            .anyMatch(s -> s.phase().equals("Running")));
            clock.advance(Duration.ofMinutes(2));
            String fresh = p.create(group("fresh", "sleep", "3600").build());
            p.create(EciProviderContractMockTest.group("foreign", EciProviderContractMockTest.container("c"))
                    .build());

            StatusPage changed =
                    p.statuses(StatusQuery.changedWithin(Duration.ofSeconds(60), GroupFilter.byTags(NODE_TAG)), null);
            assertThat(changed.groups())
                    .extracting(GroupStatus::containerGroupId)
                    .containsExactly(fresh);
            assertThat(changed.isLast()).isTrue();
            assertThat(changed.groups().get(0).phase()).isEqualTo("Pending");

            StatusQuery onePerPage = new StatusQuery(null, GroupFilter.byTags(NODE_TAG), 1);
            StatusPage first = p.statuses(onePerPage, null);
            assertThat(first.totalCount()).isEqualTo(2);
            assertThat(first.nextPageToken()).isNotNull();
            assertThat(p.allStatuses(onePerPage))
                    .extracting(GroupStatus::containerGroupId)
                    .containsExactly(old, fresh);

            GroupStatus running = p.allStatuses(StatusQuery.all(GroupFilter.byIds(List.of(old))))
                    .get(0);
            ContainerGroupState described = p.get(old).orElseThrow();
            assertThat(running.status()).isEqualTo(described.status()).isEqualTo("Running");
            assertThat(running.phase()).isEqualTo("Running");
            assertThat(running.podIp()).isEqualTo(described.intranetIp());
            assertThat(running.startTime()).isEqualTo(described.creationTime());
            assertThat(running.condition("Ready").status()).isEqualTo("True");
            assertThat(running.condition("PodScheduled").lastTransitionTime()).isEqualTo(described.creationTime());
            GroupStatus.ContainerStatus c = running.containers().get(0);
            assertThat(c.name()).isEqualTo("c");
            assertThat(c.ready()).isTrue();
            assertThat(c.started()).isTrue();
            assertThat(c.imageId()).startsWith("registry.example.com/busybox:1.36@sha256:");
            assertThat(c.state().state()).isEqualTo(ContainerGroupState.ContainerState.RUNNING);
            assertThat(c.state().startTime())
                    .isEqualTo(described.containers().get(0).currentState().startTime());
            assertThat(c.lastState()).isNull();
        }
    }

    @Test
    void containerStatesMapWaitingRunningAndTerminated() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start(b -> b.restartBackoff(Duration.ofHours(1)), s -> s)) {
            EciProvider p = eci.provider();
            String id = p.create(group("crash", "sh", "-c", "exit 3")
                    .restartPolicy("OnFailure")
                    .build());
            GroupFilter byId = GroupFilter.byIds(List.of(id));
            await().atMost(WAIT)
                    .until(() -> p.allStatuses(StatusQuery.all(byId))
                                    .get(0)
                                    .containers()
                                    .get(0)
                                    .lastState()
                            != null);
            GroupStatus.ContainerStatus c =
                    p.allStatuses(StatusQuery.all(byId)).get(0).containers().get(0);
            assertThat(c.state().state()).isEqualTo(ContainerGroupState.ContainerState.WAITING);
            assertThat(c.state().reason()).isEqualTo("CrashLoopBackOff");
            assertThat(c.lastState().state()).isEqualTo(ContainerGroupState.ContainerState.TERMINATED);
            assertThat(c.lastState().exitCode()).isEqualTo(3);
            assertThat(c.lastState().finishTime()).isNotNull();
            assertThat(c.containerId()).startsWith("containerd://");
            assertThat(c.ready()).isFalse();
        }
    }

    @Test
    void theEventFeedUpsertsOnStableKeysAndSplitsSources() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            EciProvider p = eci.provider();
            String id = p.create(group("events", "sh", "-c", "exit 1")
                    .restartPolicy("Always")
                    .build());
            EventQuery recent = EventQuery.within(Duration.ofSeconds(60), GroupFilter.byTags(NODE_TAG));
            await().atMost(WAIT).until(() -> backOffCount(p.events(recent)) >= 2);
            EventBatch batch = p.events(recent);
            assertThat(batch.groups()).hasSize(1);
            assertThat(batch.groups().get(0).containerGroupId()).isEqualTo(id);
            assertThat(batch.mayBeTruncated()).isFalse();
            assertThat(batch.eventCount())
                    .isEqualTo(batch.groups().get(0).events().size());
            GroupEvents.Event backOff = event(batch, "BackOff");
            assertThat(backOff.key()).startsWith("events.");
            assertThat(backOff.type()).isEqualTo("Warning");
            assertThat(backOff.source()).isEqualTo(EventQuery.EventSource.CONTAINER);
            assertThat(backOff.component()).isEqualTo("kubelet");
            assertThat(backOff.lastTimestamp()).isAfterOrEqualTo(backOff.firstTimestamp());
            int count = backOff.count();
            await().atMost(WAIT).until(() -> backOffCount(p.events(recent)) > count);
            assertThat(event(p.events(recent), "BackOff").key()).isEqualTo(backOff.key());

            EventBatch platform = p.events(
                    new EventQuery(null, GroupFilter.byIds(List.of(id)), EventQuery.EventSource.PLATFORM, null));
            assertThat(platform.groups().get(0).events())
                    .extracting(GroupEvents.Event::reason)
                    .containsExactly("Scheduled");
            assertThat(platform.groups().get(0).events().get(0).source()).isEqualTo(EventQuery.EventSource.PLATFORM);

            p.create(group("second", "sleep", "3600").build());
            await().atMost(WAIT).until(() -> p.events(recent).groups().size() == 2);
            EventBatch one = p.events(new EventQuery(null, GroupFilter.byTags(NODE_TAG), null, 1));
            assertThat(one.groups()).hasSize(1);
            assertThat(one.mayBeTruncated()).isTrue();
        }
    }

    private static int backOffCount(EventBatch batch) {
        return batch.groups().stream()
                .flatMap(g -> g.events().stream())
                .filter(e -> e.reason().equals("BackOff"))
                .mapToInt(GroupEvents.Event::count)
                .sum();
    }

    private static GroupEvents.Event event(EventBatch batch, String reason) {
        return batch.groups().stream()
                .flatMap(g -> g.events().stream())
                .filter(e -> e.reason().equals(reason))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void stockLevelsFollowTheZonesStock() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            EciProvider p = eci.provider();
            new SimulatorAdminClient(eci.endpoint()).setStock(EmbeddedEci.ZONE_B, 0);
            assertThat(p.stock(StockQuery.instanceType("ecs.c6.large")))
                    .containsExactly(
                            new ZoneStock(EmbeddedEci.ZONE_A, "ecs.c6.large", ZoneStock.Level.IN_STOCK),
                            new ZoneStock(EmbeddedEci.ZONE_B, "ecs.c6.large", ZoneStock.Level.OUT_OF_STOCK),
                            new ZoneStock(EmbeddedEci.REGION + "-c", "ecs.c6.large", ZoneStock.Level.IN_STOCK));
            assertThat(p.stock(StockQuery.size(2, 8).inZone(EmbeddedEci.ZONE_A)))
                    .extracting(ZoneStock::resource)
                    .containsExactly("ecs.g5.large", "ecs.g6.large");
            assertThat(p.stock(StockQuery.family("ecs.r6")))
                    .extracting(ZoneStock::resource)
                    .containsOnly("ecs.r6");
            assertThat(p.stock(StockQuery.instanceType("ecs.c5.large").asSpot(SpotStrategy.PRICE_LIMIT, 0.06)))
                    .extracting(ZoneStock::zoneId)
                    .containsExactly(EmbeddedEci.ZONE_A);
            assertThat(p.stock(StockQuery.instanceType("ecs.none"))).isEmpty();
            ProviderException unknownZone = failure(
                    () -> p.stock(StockQuery.instanceType("ecs.c6.large").inZone("cn-hangzhou-z")));
            assertThat(unknownZone.code()).isEqualTo("InvalidParameter.NotFound");
            assertThat(unknownZone.failureClass()).isEqualTo(FailureClass.PERMANENT);

            new SimulatorAdminClient(eci.endpoint()).setStock(EmbeddedEci.ZONE_B, null);
            assertThat(p.stock(StockQuery.instanceType("ecs.c6.large").inZone(EmbeddedEci.ZONE_B)))
                    .extracting(ZoneStock::level)
                    .containsExactly(ZoneStock.Level.IN_STOCK);
        }
    }

    @Test
    void quotesArePerSecondWithComponentsAndSpotPricesPerHour() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            EciProvider p = eci.provider();
            PriceQuote quote = p.quote(PriceRequest.of(2, 4));
            assertThat(quote.currency()).isEqualTo("CNY");
            assertThat(quote.perSecond()).isEqualTo(0.00012252);
            assertThat(quote.originalPerSecond()).isEqualTo(0.00012252);
            assertThat(quote.discountPerSecond()).isZero();
            assertThat(quote.perHour()).isCloseTo(0.441072, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(quote.components())
                    .containsExactly(
                            new PriceQuote.Component("cpu", 0.000098), new PriceQuote.Component("memory", 0.00002452));
            assertThat(quote.spotPrices()).isEmpty();

            PriceQuote spot = p.quote(PriceRequest.builder()
                    .instanceType("ecs.c5.large")
                    .spot(SpotStrategy.MARKET, null)
                    .build());
            assertThat(spot.perSecond()).isEqualTo(0.00017278);
            assertThat(spot.spotPrices())
                    .containsExactly(
                            new PriceQuote.SpotPrice(EmbeddedEci.ZONE_A, "ecs.c5.large", 0.622, 0.056),
                            new PriceQuote.SpotPrice(EmbeddedEci.ZONE_B, "ecs.c5.large", 0.622, 0.075),
                            new PriceQuote.SpotPrice(EmbeddedEci.REGION + "-c", "ecs.c5.large", 0.622, 0.093));
            assertThat(p.quote(PriceRequest.builder()
                                    .cpu(2.0)
                                    .memory(4.0)
                                    .economy(true)
                                    .build())
                            .perSecond())
                    .isEqualTo(0.00007852);

            ProviderException notOnSale = failure(() -> p.quote(PriceRequest.of(1, 64)));
            assertThat(notOnSale.code()).isEqualTo("InvalidParam.CpuOrMemorySpec");
            assertThat(notOnSale.failureClass()).isEqualTo(FailureClass.PERMANENT);
            ProviderException spotSize = failure(() -> p.quote(PriceRequest.builder()
                    .cpu(3.0)
                    .memory(6.0)
                    .spot(SpotStrategy.MARKET, null)
                    .build()));
            assertThat(spotSize.code()).isEqualTo("InvalidSpotCpuMemorySpec");
        }
    }

    @Test
    void usageFollowsLiveGroupsAndTheQuotaRefusesCreatesBeyondIt() throws Exception {
        try (EmbeddedEci eci = EmbeddedEci.start()) {
            EciProvider p = eci.provider();
            p.create(group("half", "sleep", "3600").cpu(0.5).memory(1.0).build());
            AccountUsage usage = p.usage();
            assertThat(usage.usedCpu()).isEqualTo(0.5);
            assertThat(usage.maxCpu()).isEqualTo(100_000);
            assertThat(usage.maxImageCacheCount()).isEqualTo(500);
            assertThat(usage.maxAutoImageCacheCount()).isEqualTo(25);
            assertThat(usage.usedDataCacheCount()).isZero();
            assertThat(usage.maxDataCacheCount()).isEqualTo(100);

            SimulatorAdminClient admin = new SimulatorAdminClient(eci.endpoint());
            assertThat(admin.setMaxCpu(2).path("MaxCpu").asDouble()).isEqualTo(2);
            assertThat(admin.usage().path("UsedCpu").asDouble()).isEqualTo(0.5);
            assertThat(p.usage().cpuHeadroom()).isEqualTo(1.5);
            ProviderException over = failure(() ->
                    p.create(group("over", "sleep", "3600").cpu(2.0).memory(4.0).build()));
            assertThat(over.code()).isEqualTo("QuotaExceeded");
            assertThat(over.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(p.list(ListQuery.byTags(NODE_TAG))).hasSize(1);
        }
    }

    @Test
    void statusAndEventsHaveTheirOwnQuotaFiveTimesDescribeContainerGroups() throws Exception {
        // 0.001 x ECI's quotas: Status and Events 10 calls, DescribeContainerGroups 2 (the client's limits stay at
        // 1.0, so the server decides)
        try (EmbeddedEci tight = EmbeddedEci.start(b -> b.quotaScale(0.001), s -> s)) {
            EciProvider p = tight.provider();
            for (int i = 0; i < 10; i++) {
                p.statuses(StatusQuery.all(GroupFilter.everyGroup()), null);
                p.events(EventQuery.within(Duration.ofMinutes(1), GroupFilter.everyGroup()));
            }
            ProviderException status = failure(() -> p.statuses(StatusQuery.all(GroupFilter.everyGroup()), null));
            assertThat(status.code()).isEqualTo("Throttling");
            assertThat(status.failureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(failure(() -> p.events(EventQuery.within(null, GroupFilter.everyGroup())))
                            .code())
                    .isEqualTo("Throttling");
            p.list(ListQuery.byTags(NODE_TAG));
            p.list(ListQuery.byTags(NODE_TAG));
            assertThat(failure(() -> p.list(ListQuery.byTags(NODE_TAG))).code()).isEqualTo("Throttling");
        }
    }
}
