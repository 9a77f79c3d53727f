package dev.ecivk.provider.eci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupFilter;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.SpotStrategy;
import dev.ecivk.provider.model.StatusQuery;
import dev.ecivk.provider.model.StockQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of ECI's read-only queries (eci-api-newer.md §3.1–3.5), flattened as Alibaba's SDK sends them:
 * {@code Tag.N.Key}, {@code DestinationResource.Category}, id lists as a JSON-array string. Pure: no I/O.
 */
public final class EciQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EciQueries() {}

    /** DescribeContainerGroupStatus: one page of {@code query}. */
    public static Map<String, String> status(String regionId, StatusQuery query, String pageToken) {
        Map<String, String> p = filter(regionId, query.filter());
        putIfSet(p, "SinceSecond", seconds(query.window()));
        p.put("Limit", Integer.toString(query.pageSize()));
        putIfSet(p, "NextToken", pageToken);
        return p;
    }

    /** DescribeContainerGroupEvents for {@code query}. */
    public static Map<String, String> events(String regionId, EventQuery query) {
        Map<String, String> p = filter(regionId, query.filter());
        putIfSet(p, "SinceSecond", seconds(query.window()));
        p.put("Limit", Integer.toString(query.maxGroups()));
        switch (query.source()) {
            case PLATFORM -> p.put("EventSource", "EciService");
            case CONTAINER -> p.put("EventSource", "K8sAgent");
            case ALL -> {}
        }
        return p;
    }

    /** DescribeAvailableResource for {@code query}. */
    public static Map<String, String> availableResource(String regionId, StockQuery query) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", regionId);
        putIfSet(p, "ZoneId", query.zoneId());
        p.put(
                "DestinationResource.Category",
                query.kind() == StockQuery.Kind.INSTANCE_FAMILY ? "InstanceTypeFamily" : "InstanceType");
        putIfSet(p, "DestinationResource.Value", query.name());
        if (query.name() == null) {
            putIfSet(p, "DestinationResource.Cores", query.cpu());
            putIfSet(p, "DestinationResource.Memory", query.memory());
        }
        if (query.spot() != SpotStrategy.NONE) {
            p.put("SpotResource.SpotStrategy", spotStrategy(query.spot()));
            putIfSet(p, "SpotResource.SpotPriceLimit", query.spotPriceLimit());
        }
        return p;
    }

    /** DescribeContainerGroupPrice for {@code request}. */
    public static Map<String, String> price(String regionId, PriceRequest request) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", regionId);
        putIfSet(p, "Cpu", request.cpu());
        putIfSet(p, "Memory", request.memory());
        putIfSet(p, "InstanceType", request.instanceType());
        if (request.spot() != SpotStrategy.NONE) {
            p.put("SpotStrategy", spotStrategy(request.spot()));
            putIfSet(p, "SpotPriceLimit", request.spotPriceLimit());
        }
        putIfSet(p, "SpotDuration", request.spotDurationHours());
        putIfSet(p, "ZoneId", request.zoneId());
        putIfSet(p, "EphemeralStorage", request.ephemeralStorageGiB());
        if (request.economy()) {
            // not a field of SDK 2.0.3's request model, but documented and accepted on the wire
            p.put("ComputeCategory", "economy");
        }
        return p;
    }

    static String spotStrategy(SpotStrategy s) {
        return switch (s) {
            case NONE -> "NoSpot";
            case PRICE_LIMIT -> "SpotWithPriceLimit";
            case MARKET -> "SpotAsPriceGo";
        };
    }

    /** RegionId plus the filters shared by the status and event queries. */
    static Map<String, String> filter(String regionId, GroupFilter filter) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", regionId);
        if (!filter.ids().isEmpty()) {
            p.put("ContainerGroupIds", json(filter.ids()));
        }
        tags(p, filter.tags());
        putIfSet(p, "ZoneId", filter.zoneId());
        putIfSet(p, "VSwitchId", filter.vSwitchId());
        putIfSet(p, "ResourceGroupId", filter.resourceGroupId());
        return p;
    }

    /** {@code Tag.N.Key}/{@code Tag.N.Value}, 1-based. */
    static void tags(Map<String, String> p, Map<String, String> tags) {
        int n = 1;
        for (Map.Entry<String, String> t : tags.entrySet()) {
            p.put("Tag." + n + ".Key", t.getKey());
            p.put("Tag." + n + ".Value", t.getValue());
            n++;
        }
    }

    /** An id list as ECI takes it: a JSON-array string. */
    static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whole seconds, rounded up: a window is never narrower than asked. */
    private static Long seconds(Duration window) {
        return window == null ? null : (window.toMillis() + 999) / 1000;
    }

    private static void putIfSet(Map<String, String> p, String key, Object value) {
        if (value == null) {
            return;
        }
        p.put(
                key,
                value instanceof Double d
                        ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
                        : value.toString());
    }
}
