package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeAvailableResource (eci-api-newer.md §3.3): which instance types or families each zone sells, with a stock
 * class per zone from the store's stock model ({@code POST /_sim/stock}): every type of a zone shares the zone's
 * class. Zones with nothing to offer are left out; answers use ECI's XML-style wrappers.
 */
final class AvailableResourceAction implements ActionHandler {
    private final SimulatorSettings settings;
    private final GroupStore store;

    AvailableResourceAction(SimulatorSettings settings, GroupStore store) {
        this.settings = settings;
        this.store = store;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        call.requireRegion(settings.region());
        String category = call.required("DestinationResource.Category");
        String value = call.param("DestinationResource.Value");
        FlatParams.Node p = call.tree();
        FlatParams.Node destination = p.child("DestinationResource");
        Double cores = destination.number("Cores");
        Double memory = destination.number("Memory");
        Spot spot = Spot.parse(call, "SpotResource.");
        List<InstanceTypes.Type> types;
        switch (category) {
            case "InstanceTypeFamily" -> {
                if (value == null) {
                    throw EciApiException.missing("DestinationResource.Value");
                }
                if (spot.isSpot()) {
                    throw EciApiException.invalid(
                            "A spot query needs DestinationResource.Category InstanceType with a Value or Cores and"
                                    + " Memory.");
                }
                types = InstanceTypes.family(value);
            }
            case "InstanceType" -> {
                if (value != null) {
                    types = InstanceTypes.byName(value).map(List::of).orElse(List.of());
                } else if (cores != null && memory != null) {
                    types = InstanceTypes.withSpec(cores, memory);
                } else {
                    throw EciApiException.missing("DestinationResource.Value");
                }
            }
            default ->
                throw EciApiException.invalid(
                        "The parameter DestinationResource.Category must be InstanceTypeFamily or InstanceType.");
        }
        List<String> zones = Zones.of(settings);
        String zone = call.param("ZoneId");
        if (zone != null) {
            Zones.require(settings, zone);
            zones = List.of(zone);
        }
        List<Object> available = new ArrayList<>();
        for (String z : zones) {
            List<Object> supported = new ArrayList<>();
            String stock = store.stockCategory(z);
            List<String> values = new ArrayList<>();
            for (InstanceTypes.Type t : types) {
                if (spot.withinLimit(InstanceTypes.spotPrice(t, Zones.index(settings, z)))) {
                    String v = category.equals("InstanceTypeFamily") ? t.family() : t.name();
                    if (!values.contains(v)) {
                        values.add(v);
                        supported.add(Map.of("Value", v, "StatusCategory", stock));
                    }
                }
            }
            if (supported.isEmpty()) {
                continue;
            }
            Map<String, Object> resource = new LinkedHashMap<>();
            resource.put("Type", category);
            resource.put("SupportedResources", Map.of("SupportedResource", supported));
            Map<String, Object> zoneEntry = new LinkedHashMap<>();
            zoneEntry.put("RegionId", settings.region());
            zoneEntry.put("ZoneId", z);
            zoneEntry.put("AvailableResources", Map.of("AvailableResource", List.of(resource)));
            available.add(zoneEntry);
        }
        return Map.of("AvailableZones", Map.of("AvailableZone", available));
    }
}
