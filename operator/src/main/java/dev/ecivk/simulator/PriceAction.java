package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerGroupPrice in its current shape (eci-api-newer.md §3.4): a per-second quote for a cpu/memory or
 * an instance-type configuration, with spot prices per zone (per hour) for spot strategies. Unit prices per second
 * (ECI's published figures, [P-BILL]/[P-ECON]): vCPU 0.000049 CNY (economy class 0.000027), memory 0.00000613 CNY
 * per GiB; instance types at their hourly price from {@link InstanceTypes} / 3600. Ephemeral storage is not priced.
 */
final class PriceAction implements ActionHandler {
    static final double CPU_PER_SECOND = 0.000049;
    static final double ECONOMY_CPU_PER_SECOND = 0.000027;
    static final double MEMORY_GIB_PER_SECOND = 0.00000613;

    private final SimulatorSettings settings;

    PriceAction(SimulatorSettings settings) {
        this.settings = settings;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        call.requireRegion(settings.region());
        FlatParams.Node p = call.tree();
        String instanceType = call.param("InstanceType");
        Spot spot = Spot.parse(call, "");
        boolean economy = "economy".equals(call.param("ComputeCategory"));
        if (economy && spot.isSpot()) {
            throw new EciApiException(
                    400,
                    "FeatureBasedConstraintConflict",
                    "The economy compute category cannot be combined with spot instances.");
        }
        String zone = call.param("ZoneId");
        if (zone != null) {
            Zones.require(settings, zone);
        }
        p.integer("EphemeralStorage");
        List<Map<String, Object>> details = new ArrayList<>();
        List<InstanceTypes.Type> spotTypes;
        if (instanceType != null) {
            // an instance type wins over Cpu/Memory: only the ECS type's price is returned
            InstanceTypes.Type type = InstanceTypes.byName(instanceType)
                    .orElseThrow(() -> new EciApiException(
                            400,
                            "InvalidParam.CpuOrMemorySpec",
                            "The specified instance type " + instanceType + " is not on sale."));
            details.add(detail("instanceType", round(type.hourlyPrice() / 3600)));
            spotTypes = List.of(type);
        } else {
            Double cpu = p.number("Cpu");
            Double memory = p.number("Memory");
            if (cpu == null) {
                throw EciApiException.missing("Cpu");
            }
            if (memory == null) {
                throw EciApiException.missing("Memory");
            }
            if (cpu <= 0 || memory <= 0 || memory / cpu > 8 || memory / cpu < 0.5) {
                throw new EciApiException(
                        400, "InvalidParam.CpuOrMemorySpec", "The specified cpu/memory specification is not on sale.");
            }
            details.add(detail("cpu", round(cpu * (economy ? ECONOMY_CPU_PER_SECOND : CPU_PER_SECOND))));
            details.add(detail("memory", round(memory * MEMORY_GIB_PER_SECOND)));
            spotTypes = InstanceTypes.withSpec(cpu, memory);
            if (spot.isSpot() && spotTypes.isEmpty()) {
                throw new EciApiException(
                        400,
                        "InvalidSpotCpuMemorySpec",
                        "A spot instance must use the cpu and memory of a standard ECS instance type.");
            }
        }
        double total = 0;
        for (Map<String, Object> d : details) {
            total += (Double) d.get("TradePrice");
        }
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("Currency", "CNY");
        price.put("OriginalPrice", round(total));
        price.put("DiscountPrice", 0.0);
        price.put("TradePrice", round(total));
        price.put("DetailInfos", Map.of("DetailInfo", details));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("Price", price);
        info.put("Rules", Map.of("Rule", List.of()));
        info.put("SpotPrices", Map.of("SpotPrice", spot.isSpot() ? spotPrices(spotTypes, zone) : List.of()));
        return Map.of("PriceInfo", info);
    }

    private List<Object> spotPrices(List<InstanceTypes.Type> types, String zone) {
        List<Object> out = new ArrayList<>();
        for (String z : zone == null ? Zones.of(settings) : List.of(zone)) {
            for (InstanceTypes.Type t : types) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ZoneId", z);
                m.put("InstanceType", t.name());
                m.put("OriginPrice", t.hourlyPrice());
                m.put("SpotPrice", InstanceTypes.spotPrice(t, Zones.index(settings, z)));
                out.add(m);
            }
        }
        return out;
    }

    private static Map<String, Object> detail(String resource, double perSecond) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Resource", resource);
        m.put("OriginalPrice", perSecond);
        m.put("DiscountPrice", 0.0);
        m.put("TradePrice", perSecond);
        m.put("Rules", Map.of("Rule", List.of()));
        return m;
    }

    /** Eight decimals: per-second prices are tiny (0.00012252 for 2 vCPU and 4 GiB). */
    static double round(double v) {
        return Math.round(v * 1e8) / 1e8;
    }
}
