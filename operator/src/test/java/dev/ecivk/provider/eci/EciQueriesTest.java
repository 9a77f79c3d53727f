package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupFilter;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.SpotStrategy;
import dev.ecivk.provider.model.StatusQuery;
import dev.ecivk.provider.model.StockQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The read-only queries flattened as Alibaba's SDK sends them, within ECI's bounds. */
class EciQueriesTest {
    private static final String REGION = "cn-hangzhou";

    @Test
    void statusQueriesCarryTheFilterTheWindowAndThePage() {
        GroupFilter filter = new GroupFilter(List.of("eci-1", "eci-2"), Map.of("node", "vk-1"), null, "vsw-a", "rg-1")
                .inZone("cn-hangzhou-a");
        assertThat(EciQueries.status(REGION, StatusQuery.changedWithin(Duration.ofMillis(90_500), filter), "tok"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "RegionId", REGION,
                        "ContainerGroupIds", "[\"eci-1\",\"eci-2\"]",
                        "Tag.1.Key", "node",
                        "Tag.1.Value", "vk-1",
                        "ZoneId", "cn-hangzhou-a",
                        "VSwitchId", "vsw-a",
                        "ResourceGroupId", "rg-1",
                        "SinceSecond", "91",
                        "Limit", "200",
                        "NextToken", "tok"));
        assertThat(EciQueries.status(REGION, StatusQuery.all(GroupFilter.everyGroup()), null))
                .containsOnlyKeys("RegionId", "Limit");
    }

    @Test
    void windowsAreWidenedToEcisMinimumAndLongerOnesRefused() {
        assertThat(EciQueries.sinceSecond(Duration.ofSeconds(10))).isEqualTo(60);
        assertThat(EciQueries.sinceSecond(Duration.ofHours(1))).isEqualTo(3600);
        assertThatThrownBy(() -> EciQueries.sinceSecond(Duration.ofSeconds(3601)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sweep every group");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            ids.add("eci-" + i);
        }
        assertThatThrownBy(() -> EciQueries.status(REGION, StatusQuery.all(GroupFilter.byIds(ids)), null))
                .isInstanceOf(IllegalArgumentException.class);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < 11; i++) {
            tags.put("k" + i, "v");
        }
        assertThatThrownBy(() -> EciQueries.events(REGION, EventQuery.within(null, GroupFilter.byTags(tags))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EciQueries.status(REGION, new StatusQuery(null, null, 201), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventSourcesStockAndPriceUseEcisNames() {
        assertThat(EciQueries.events(
                        REGION,
                        new EventQuery(
                                Duration.ofMinutes(2), GroupFilter.everyGroup(), EventQuery.EventSource.CONTAINER, 5)))
                .containsEntry("EventSource", "K8sAgent")
                .containsEntry("SinceSecond", "120")
                .containsEntry("Limit", "5");
        assertThat(EciQueries.availableResource(
                        REGION, StockQuery.size(2, 4).inZone("z").asSpot(SpotStrategy.PRICE_LIMIT, 0.05)))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "RegionId", REGION,
                        "ZoneId", "z",
                        "DestinationResource.Category", "InstanceType",
                        "DestinationResource.Cores", "2",
                        "DestinationResource.Memory", "4",
                        "SpotResource.SpotStrategy", "SpotWithPriceLimit",
                        "SpotResource.SpotPriceLimit", "0.05"));
        assertThat(EciQueries.availableResource(REGION, StockQuery.family("ecs.c6")))
                .containsEntry("DestinationResource.Category", "InstanceTypeFamily")
                .containsEntry("DestinationResource.Value", "ecs.c6");
        assertThat(EciQueries.price(
                        REGION,
                        PriceRequest.builder()
                                .cpu(0.5)
                                .memory(1.0)
                                .economy(true)
                                .spotDurationHours(0)
                                .build()))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "RegionId", REGION,
                        "Cpu", "0.5",
                        "Memory", "1",
                        "ComputeCategory", "economy",
                        "SpotDuration", "0"));
    }
}
