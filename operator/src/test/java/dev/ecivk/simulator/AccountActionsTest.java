package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ListUsage, DescribeAvailableResource and DescribeContainerGroupPrice of the embedded ECI: shapes, the vCPU quota
 * and the error codes of eci-api-newer.md §3.3–3.5.
 */
class AccountActionsTest {

    @Test
    void listUsageCountsTheVcpusOfGroupsThatHaveNotEndedInTheCurrentShape() {
        ApiFixture eci = new ApiFixture();
        eci.create("half", Map.of("Cpu", "0.5", "Memory", "1"), "sleep", "3600");
        eci.create("whole", Map.of("Cpu", "2", "Memory", "4"), "sh", "-c", "sleep 10");
        JsonNode a = eci.post("ListUsage", Map.of()).path("Attributes");
        assertThat(a.fieldNames())
                .toIterable()
                .containsExactly(
                        "UsedCpu",
                        "MaxCpu",
                        "UsedImageCacheCount",
                        "MaxImageCacheCount",
                        "UsedAutoImageCacheCount",
                        "MaxAutoImageCacheCount",
                        "UsedDataCacheCount",
                        "MaxDataCacheCount");
        assertThat(a.path("UsedCpu").asDouble()).isEqualTo(2.5);
        assertThat(a.path("MaxCpu").isIntegralNumber()).isTrue();
        assertThat(a.path("MaxCpu").asLong()).isEqualTo(100_000);
        assertThat(a.path("MaxImageCacheCount").asInt()).isEqualTo(500);

        eci.advance(Duration.ofSeconds(20));
        assertThat(eci.post("ListUsage", Map.of())
                        .path("Attributes")
                        .path("UsedCpu")
                        .asDouble())
                .isEqualTo(0.5);
    }

    @Test
    void createsBeyondTheVcpuQuotaFailWithQuotaExceededUntilGroupsEnd() {
        ApiFixture eci = new ApiFixture(b -> b.maxCpu(3));
        eci.create("two", Map.of("Cpu", "2", "Memory", "4"), "sh", "-c", "sleep 10");
        assertThat(eci.error(
                        "CreateContainerGroup",
                        Map.of(
                                "ContainerGroupName", "over",
                                "SecurityGroupId", "sg",
                                "VSwitchId", "vsw-sim-a",
                                "Cpu", "2",
                                "Memory", "4",
                                "Container.1.Name", "c",
                                "Container.1.Image", "busybox")))
                .isEqualTo("QuotaExceeded");
        eci.create("one", Map.of("Cpu", "1", "Memory", "2"), "sleep", "3600");
        assertThat(eci.post("ListUsage", Map.of())
                        .path("Attributes")
                        .path("UsedCpu")
                        .asDouble())
                .isEqualTo(3.0);
        eci.advance(Duration.ofSeconds(20));
        eci.create("again", Map.of("Cpu", "2", "Memory", "4"), "sleep", "3600");
        eci.store.setMaxCpu(100);
        assertThat(eci.post("ListUsage", Map.of())
                        .path("Attributes")
                        .path("MaxCpu")
                        .asLong())
                .isEqualTo(100);
    }

    @Test
    void availableResourceClassifiesEachZonesStockFromTheStockModel() {
        ApiFixture eci = new ApiFixture(b -> b.zoneStock("cn-hangzhou-c", 10));
        for (int i = 0; i < 9; i++) {
            eci.create("c" + i, Map.of("VSwitchId", "vsw-sim-c"), "sleep", "3600");
        }
        eci.store.setStock("cn-hangzhou-b", 0);
        JsonNode zones = eci.post(
                        "DescribeAvailableResource",
                        Map.of(
                                "DestinationResource.Category",
                                "InstanceType",
                                "DestinationResource.Value",
                                "ecs.c6.large"))
                .path("AvailableZones")
                .path("AvailableZone");
        assertThat(zones).hasSize(3);
        Map<String, String> byZone = new java.util.TreeMap<>();
        for (JsonNode z : zones) {
            JsonNode resource =
                    z.path("AvailableResources").path("AvailableResource").get(0);
            assertThat(resource.path("Type").asText()).isEqualTo("InstanceType");
            JsonNode supported = resource.path("SupportedResources").path("SupportedResource");
            assertThat(supported).hasSize(1);
            assertThat(supported.get(0).path("Value").asText()).isEqualTo("ecs.c6.large");
            assertThat(z.path("RegionId").asText()).isEqualTo("cn-hangzhou");
            byZone.put(
                    z.path("ZoneId").asText(),
                    supported.get(0).path("StatusCategory").asText());
        }
        assertThat(byZone)
                .containsExactly(
                        Map.entry("cn-hangzhou-a", "WithStock"),
                        Map.entry("cn-hangzhou-b", "WithoutStock"),
                        Map.entry("cn-hangzhou-c", "ClosedWithStock"));

        JsonNode bySize = eci.post(
                "DescribeAvailableResource",
                Map.of(
                        "ZoneId", "cn-hangzhou-a",
                        "DestinationResource.Category", "InstanceType",
                        "DestinationResource.Cores", "2",
                        "DestinationResource.Memory", "4"));
        assertThat(bySize.path("AvailableZones").path("AvailableZone")).hasSize(1);
        assertThat(bySize.findValuesAsText("Value")).containsExactly("ecs.c5.large", "ecs.c6.large");
        JsonNode family = eci.post(
                "DescribeAvailableResource",
                Map.of("DestinationResource.Category", "InstanceTypeFamily", "DestinationResource.Value", "ecs.g6"));
        assertThat(family.findValuesAsText("Value")).containsOnly("ecs.g6").hasSize(3);
        JsonNode unknown = eci.post(
                "DescribeAvailableResource",
                Map.of("DestinationResource.Category", "InstanceType", "DestinationResource.Value", "ecs.x9.huge"));
        assertThat(unknown.path("AvailableZones").path("AvailableZone")).isEmpty();
    }

    @Test
    void spotStockQueriesFollowThePriceLimit() {
        ApiFixture eci = new ApiFixture();
        JsonNode cheap = eci.post(
                "DescribeAvailableResource",
                Map.of(
                        "DestinationResource.Category", "InstanceType",
                        "DestinationResource.Value", "ecs.c5.large",
                        "SpotResource.SpotStrategy", "SpotWithPriceLimit",
                        "SpotResource.SpotPriceLimit", "0.06"));
        // 9 % of 0.622 in the first zone (0.056), 12 % in the second (0.075), 15 % in the third
        assertThat(cheap.findValuesAsText("ZoneId")).containsExactly("cn-hangzhou-a");
    }

    @Test
    void availableResourceErrors() {
        ApiFixture eci = new ApiFixture();
        String action = "DescribeAvailableResource";
        assertThat(eci.error(action, Map.of())).isEqualTo("MissingParameter");
        assertThat(eci.error(action, Map.of("DestinationResource.Category", "Disk")))
                .isEqualTo("InvalidParameter");
        assertThat(eci.error(action, Map.of("DestinationResource.Category", "InstanceType")))
                .isEqualTo("MissingParameter");
        assertThat(eci.error(
                        action,
                        Map.of(
                                "DestinationResource.Category", "InstanceTypeFamily",
                                "DestinationResource.Value", "ecs.c6",
                                "SpotResource.SpotStrategy", "SpotAsPriceGo")))
                .isEqualTo("InvalidParameter");
        assertThat(eci.error(
                        action,
                        Map.of(
                                "DestinationResource.Category", "InstanceType",
                                "DestinationResource.Value", "ecs.c6.large",
                                "SpotResource.SpotStrategy", "SpotWithPriceLimit")))
                .isEqualTo("MissingParameter");
        assertThat(eci.error(
                        action,
                        Map.of(
                                "ZoneId", "cn-hangzhou-z",
                                "DestinationResource.Category", "InstanceType",
                                "DestinationResource.Value", "ecs.c6.large")))
                .isEqualTo("InvalidParameter.NotFound");
    }

    @Test
    void pricesArePerSecondWithEcisUnitPricesAndSpotPricesPerHour() {
        ApiFixture eci = new ApiFixture();
        JsonNode price = eci.post("DescribeContainerGroupPrice", Map.of("Cpu", "2", "Memory", "4"))
                .path("PriceInfo");
        JsonNode p = price.path("Price");
        // ECI's own example: 2 x 0.000049 + 4 x 0.00000613
        assertThat(p.path("TradePrice").asDouble()).isEqualTo(0.00012252);
        assertThat(p.path("OriginalPrice").asDouble()).isEqualTo(0.00012252);
        assertThat(p.path("DiscountPrice").asDouble()).isZero();
        assertThat(p.path("Currency").asText()).isEqualTo("CNY");
        JsonNode details = p.path("DetailInfos").path("DetailInfo");
        assertThat(details.get(0).path("Resource").asText()).isEqualTo("cpu");
        assertThat(details.get(0).path("TradePrice").asDouble()).isEqualTo(0.000098);
        assertThat(details.get(0).path("Rules").path("Rule").isArray()).isTrue();
        assertThat(price.path("Rules").path("Rule").isArray()).isTrue();
        assertThat(price.path("SpotPrices").path("SpotPrice")).isEmpty();

        JsonNode economy = eci.post(
                "DescribeContainerGroupPrice", Map.of("Cpu", "2", "Memory", "4", "ComputeCategory", "economy"));
        assertThat(economy.path("PriceInfo").path("Price").path("TradePrice").asDouble())
                .isEqualTo(0.00007852);

        JsonNode type = eci.post("DescribeContainerGroupPrice", Map.of("InstanceType", "ecs.c5.large", "Cpu", "64"));
        assertThat(type.path("PriceInfo").path("Price").path("TradePrice").asDouble())
                .isEqualTo(0.00017278);

        JsonNode spot = eci.post(
                "DescribeContainerGroupPrice",
                Map.of("Cpu", "2", "Memory", "4", "SpotStrategy", "SpotAsPriceGo", "ZoneId", "cn-hangzhou-a"));
        JsonNode spotPrices = spot.path("PriceInfo").path("SpotPrices").path("SpotPrice");
        assertThat(spotPrices.findValuesAsText("InstanceType")).containsExactly("ecs.c5.large", "ecs.c6.large");
        assertThat(spotPrices.get(0).path("ZoneId").asText()).isEqualTo("cn-hangzhou-a");
        assertThat(spotPrices.get(0).path("OriginPrice").asDouble()).isEqualTo(0.622);
        assertThat(spotPrices.get(0).path("SpotPrice").asDouble()).isEqualTo(0.056);
    }

    @Test
    void priceErrors() {
        ApiFixture eci = new ApiFixture();
        String action = "DescribeContainerGroupPrice";
        assertThat(eci.error(action, Map.of("Memory", "4"))).isEqualTo("MissingParameter");
        assertThat(eci.error(action, Map.of("Cpu", "1", "Memory", "64"))).isEqualTo("InvalidParam.CpuOrMemorySpec");
        assertThat(eci.error(action, Map.of("InstanceType", "ecs.x9.huge"))).isEqualTo("InvalidParam.CpuOrMemorySpec");
        assertThat(eci.error(action, Map.of("Cpu", "3", "Memory", "6", "SpotStrategy", "SpotAsPriceGo")))
                .isEqualTo("InvalidSpotCpuMemorySpec");
        assertThat(eci.error(
                        action,
                        Map.of(
                                "Cpu",
                                "2",
                                "Memory",
                                "4",
                                "SpotStrategy",
                                "SpotAsPriceGo",
                                "ComputeCategory",
                                "economy")))
                .isEqualTo("FeatureBasedConstraintConflict");
        assertThat(eci.error(action, Map.of("Cpu", "2", "Memory", "4", "SpotStrategy", "SpotWithPriceLimit")))
                .isEqualTo("MissingParameter");
        assertThat(eci.error(action, Map.of("Cpu", "2", "Memory", "4", "SpotStrategy", "Cheap")))
                .isEqualTo("InvalidParameter");
    }
}
