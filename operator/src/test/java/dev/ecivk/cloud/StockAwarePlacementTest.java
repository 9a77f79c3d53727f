package dev.ecivk.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ZoneStock.Level;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StockAwarePlacementTest {
    private static final Function<String, Optional<String>> ZONES =
            v -> Optional.ofNullable(Map.of("vsw-a", "zone-a", "vsw-a2", "zone-a", "vsw-b", "zone-b", "vsw-c", "zone-c")
                    .get(v));

    @Test
    void zonesWithPlentyComeFirstUnknownNextWeakSupplyLastAndSoldOutZonesAreLeftOut() {
        StockAwarePlacement.Plan plan = StockAwarePlacement.order(
                List.of("vsw-c", "vsw-b", "vsw-x", "vsw-a", "vsw-a2"),
                ZONES,
                Map.of("zone-a", Level.LOW, "zone-b", Level.OUT_OF_STOCK, "zone-c", Level.IN_STOCK));

        assertThat(plan.vSwitches()).containsExactly("vsw-c", "vsw-x", "vsw-a", "vsw-a2");
        assertThat(plan.avoidedZones()).containsExactly("zone-b");
    }

    @Test
    void aZoneTheAnswerDoesNotNameDoesNotSellTheSize() {
        StockAwarePlacement.Plan plan =
                StockAwarePlacement.order(List.of("vsw-a", "vsw-b"), ZONES, Map.of("zone-a", Level.IN_STOCK));

        assertThat(plan.vSwitches()).containsExactly("vsw-a");
        assertThat(plan.avoidedZones()).containsExactly("zone-b");
    }

    @Test
    void aPodIsAskedForAsTheSmallestEcsSizeThatHoldsIt() {
        assertThat(StockAwarePlacement.ecsSize(0.25, 0.5))
                .hasValueSatisfying(s -> assertThat(s).containsExactly(2, 4));
        assertThat(StockAwarePlacement.ecsSize(3, 20))
                .hasValueSatisfying(s -> assertThat(s).containsExactly(4, 32));
        assertThat(StockAwarePlacement.ecsSize(0, 1)).isEmpty();
        assertThat(StockAwarePlacement.ecsSize(512, 1)).isEmpty();
    }
}
