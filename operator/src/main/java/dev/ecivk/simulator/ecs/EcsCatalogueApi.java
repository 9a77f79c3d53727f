package dev.ecivk.simulator.ecs;

import dev.ecivk.simulator.EciApiException;
import dev.ecivk.simulator.FlatParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue calls: DescribeInstanceTypes (sizes, paged with NextToken/MaxResults), DescribeAvailableResource
 * (which types a zone offers and whether it has stock, following {@code /_sim/stock}) and DescribePrice (the hourly
 * pay-as-you-go price of a type and its system disk).
 */
final class EcsCatalogueApi {
    /** Pay-as-you-go system disk, CNY per GiB and hour (illustrative). */
    static final double DISK_PRICE_PER_GIB_HOUR = 0.0005;

    private EcsCatalogueApi() {}

    static Map<String, Object> instanceTypes(Map<String, String> business, InstanceTypeCatalogue catalogue) {
        FlatParams.Node p = FlatParams.tree(business);
        String family = business.get("InstanceTypeFamily");
        List<String> wanted = p.strings("InstanceTypes");
        List<InstanceTypeCatalogue.Type> matching = new ArrayList<>();
        for (InstanceTypeCatalogue.Type t : catalogue.all()) {
            if ((family == null || family.isEmpty() || family.equals(t.family()))
                    && (wanted.isEmpty() || wanted.contains(t.id()))) {
                matching.add(t);
            }
        }
        Map<String, String> paging = new LinkedHashMap<>();
        paging.put("MaxResults", business.getOrDefault("MaxResults", "250"));
        if (business.get("NextToken") != null) {
            paging.put("NextToken", business.get("NextToken"));
        }
        EcsDescribe.Page window = EcsDescribe.page(paging, matching.size(), 1600);
        List<Object> page = new ArrayList<>();
        for (InstanceTypeCatalogue.Type t : matching.subList(window.from(), window.to())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("InstanceTypeId", t.id());
            m.put("InstanceTypeFamily", t.family());
            m.put("CpuCoreCount", t.cpu());
            m.put("MemorySize", t.memoryGiB());
            m.put("GPUAmount", t.gpu());
            m.put("GPUSpec", t.gpuSpec() == null ? "" : t.gpuSpec());
            m.put("CpuArchitecture", "X86");
            m.put("InstanceCategory", t.gpu() > 0 ? "GPU-accelerated" : "General-purpose");
            m.put("EniQuantity", Math.max(2, t.cpu()));
            page.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("InstanceTypes", Map.of("InstanceType", page));
        out.put("NextToken", window.nextToken());
        return out;
    }

    /** {@code DestinationResource} {@code Zone} or {@code InstanceType}; a type without stock is {@code SoldOut}. */
    static Map<String, Object> availableResource(
            Map<String, String> business,
            EcsSimulatorSettings settings,
            InstanceTypeCatalogue catalogue,
            EcsInstanceStore store) {
        EcsApi.requireRegion(business, settings);
        String destination = business.get("DestinationResource");
        if (destination == null || destination.isEmpty()) {
            throw EciApiException.missing("DestinationResource");
        }
        if (!destination.equals("Zone") && !destination.equals("InstanceType")) {
            throw new EciApiException(
                    400, "InvalidParameter", "The embedded ECS answers DestinationResource Zone and InstanceType.");
        }
        String zoneFilter = business.get("ZoneId");
        String typeFilter = business.get("InstanceType");
        List<Object> zones = new ArrayList<>();
        for (String zone : settings.zones()) {
            if (zoneFilter != null && !zoneFilter.isEmpty() && !zoneFilter.equals(zone)) {
                continue;
            }
            List<Object> supported = new ArrayList<>();
            boolean anyStock = false;
            for (InstanceTypeCatalogue.Type t : catalogue.all()) {
                if (!t.offeredIn(zone) || (typeFilter != null && !typeFilter.isEmpty() && !typeFilter.equals(t.id()))) {
                    continue;
                }
                boolean inStock = store.stockLeft(zone, t) > 0;
                anyStock |= inStock;
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("Value", t.id());
                r.put("Status", inStock ? "Available" : "SoldOut");
                r.put("StatusCategory", inStock ? "WithStock" : "WithoutStock");
                supported.add(r);
            }
            Map<String, Object> z = new LinkedHashMap<>();
            z.put("RegionId", settings.region());
            z.put("ZoneId", zone);
            z.put("Status", anyStock ? "Available" : "SoldOut");
            z.put("StatusCategory", anyStock ? "WithStock" : "WithoutStock");
            if (destination.equals("InstanceType")) {
                z.put(
                        "AvailableResources",
                        Map.of(
                                "AvailableResource",
                                List.of(Map.of(
                                        "Type",
                                        "InstanceType",
                                        "SupportedResources",
                                        Map.of("SupportedResource", supported)))));
            }
            zones.add(z);
        }
        return Map.of("AvailableZones", Map.of("AvailableZone", zones));
    }

    /** {@code ResourceType=instance}: the type's hourly price plus its system disk's, in CNY. */
    static Map<String, Object> price(
            Map<String, String> business, EcsSimulatorSettings settings, InstanceTypeCatalogue catalogue) {
        EcsApi.requireRegion(business, settings);
        String resourceType = business.getOrDefault("ResourceType", "instance");
        if (!resourceType.equals("instance")) {
            throw new EciApiException(400, "InvalidParameter", "The embedded ECS prices ResourceType instance only.");
        }
        String typeId = business.get("InstanceType");
        if (typeId == null || typeId.isEmpty()) {
            throw EciApiException.missing("InstanceType");
        }
        InstanceTypeCatalogue.Type type = catalogue.get(typeId);
        if (type == null) {
            throw new EciApiException(
                    400, "InvalidInstanceType.ValueNotSupported", "The specified InstanceType is not supported.");
        }
        String unit = business.getOrDefault("PriceUnit", "Hour");
        double hours = switch (unit) {
            case "Hour" -> 1;
            case "Week" -> 24 * 7;
            case "Month" -> 24 * 30;
            case "Year" -> 24 * 365;
            default ->
                throw new EciApiException(
                        400, "InvalidPriceUnit.ValueNotSupported", "PriceUnit " + unit + " is not supported.");
        };
        FlatParams.Node disk = FlatParams.tree(business).child("SystemDisk");
        int diskGiB = disk == null
                ? 40
                : EcsValidation.bounded(disk, "Size", 40, 20, 2048, "InvalidSystemDiskSize.ValueNotSupported");
        double instance = round(type.pricePerHour() * hours);
        double systemDisk = round(diskGiB * DISK_PRICE_PER_GIB_HOUR * hours);
        double total = round(instance + systemDisk);
        List<Object> details = List.of(detail("instanceType", instance), detail("systemDisk", systemDisk));
        Map<String, Object> price = new LinkedHashMap<>();
        price.put("Currency", "CNY");
        price.put("OriginalPrice", total);
        price.put("DiscountPrice", 0.0);
        price.put("TradePrice", total);
        price.put("DetailInfos", Map.of("DetailInfo", details));
        return Map.of("PriceInfo", Map.of("Price", price, "Rules", Map.of("Rule", List.of())));
    }

    private static Map<String, Object> detail(String resource, double price) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Resource", resource);
        d.put("OriginalPrice", price);
        d.put("DiscountPrice", 0.0);
        d.put("TradePrice", price);
        return d;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
