package dev.ecivk.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** DescribeRegions (the served region and the zones of its vSwitches) and DescribeVirtualNodes (none). */
final class RegionActions {
    private final SimulatorSettings settings;
    private final String region;

    RegionActions(SimulatorSettings settings) {
        this.settings = settings;
        this.region = settings.region();
    }

    Map<String, Object> regions(ApiCall call) {
        List<String> zones = Zones.of(settings);
        Map<String, Object> served = new LinkedHashMap<>();
        served.put("RegionId", region);
        served.put("RegionEndpoint", "eci." + region + ".aliyuncs.com");
        served.put("Zones", zones);
        served.put("RecommendZones", zones);
        return Map.of("Regions", List.of(served));
    }

    Map<String, Object> virtualNodes(ApiCall call) {
        call.requireRegion(region);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", 0);
        out.put("NextToken", "");
        out.put("VirtualNodes", List.of());
        return out;
    }
}
