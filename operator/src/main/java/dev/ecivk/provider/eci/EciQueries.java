package dev.ecivk.provider.eci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciLimits;
import dev.ecivk.provider.model.EventQuery;
import dev.ecivk.provider.model.GroupFilter;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.SpotStrategy;
import dev.ecivk.provider.model.StatusQuery;
import dev.ecivk.provider.model.StockQuery;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of ECI's read-only calls (describe, status, events, logs, metrics, stock, prices, usage; eci-api.md
 * §3, eci-api-newer.md §3.1–3.5), flattened as Alibaba's SDK sends them:
 * {@code Tag.N.Key}, {@code DestinationResource.Category}, id lists as a JSON-array string. Pure: no I/O.
 */
public final class EciQueries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EciQueries() {}

    /** Just the region: DescribeRegions, ListUsage. */
    public static Map<String, String> region(String regionId) {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", regionId);
        return p;
    }

    /** DescribeContainerGroups of up to 20 ids, optionally narrowed by tags. */
    public static Map<String, String> groupsByIds(String regionId, List<String> ids, Map<String, String> tags) {
        if (ids.size() > EciLimits.MAX_IDS_PER_CALL) {
            throw new IllegalArgumentException("at most " + EciLimits.MAX_IDS_PER_CALL + " ids per call");
        }
        Map<String, String> p = region(regionId);
        tags(p, tags);
        p.put("ContainerGroupIds", json(ids));
        p.put("Limit", Integer.toString(EciLimits.MAX_DESCRIBE_PAGE));
        return p;
    }

    /** One page of DescribeContainerGroups by tags; {@code pageToken} null for the first. */
    public static Map<String, String> groupsPage(String regionId, Map<String, String> tags, String pageToken) {
        Map<String, String> p = region(regionId);
        tags(p, tags);
        p.put("Limit", Integer.toString(EciLimits.MAX_DESCRIBE_PAGE));
        putIfSet(p, "NextToken", pageToken);
        return p;
    }

    /** DescribeContainerLog; a tail beyond ECI's maximum is capped to it. */
    public static Map<String, String> logs(
            String regionId, String containerGroupId, String containerName, LogQuery query) {
        Map<String, String> p = region(regionId);
        p.put("ContainerGroupId", containerGroupId);
        p.put("ContainerName", containerName);
        if (query.tail() != null) {
            p.put("Tail", Integer.toString(Math.max(0, Math.min(EciLimits.MAX_LOG_TAIL, query.tail()))));
        }
        putIfSet(p, "SinceSeconds", query.sinceSeconds());
        putIfSet(
                p,
                "StartTime",
                query.startTime() == null ? null : DateTimeFormatter.ISO_INSTANT.format(query.startTime()));
        putIfSet(p, "LimitBytes", query.limitBytes());
        if (query.previous()) {
            p.put("LastTime", "true");
        }
        return p;
    }

    /** DescribeMultiContainerGroupMetric of up to 20 groups: their latest sample. */
    public static Map<String, String> metrics(String regionId, List<String> containerGroupIds) {
        Map<String, String> p = region(regionId);
        p.put("ContainerGroupIds", json(containerGroupIds));
        p.put("MetricType", "summary");
        return p;
    }

    /** DescribeImageCaches or DeleteImageCache of one cache. */
    public static Map<String, String> imageCache(String regionId, String imageCacheId) {
        Map<String, String> p = region(regionId);
        p.put("ImageCacheId", imageCacheId);
        return p;
    }

    /** DescribeVirtualNodes of one ECI VirtualNode. */
    public static Map<String, String> virtualNode(String regionId, String virtualNodeId) {
        Map<String, String> p = region(regionId);
        p.put("VirtualNodeIds", json(List.of(virtualNodeId)));
        return p;
    }

    /**
     * DescribeContainerGroupStatus: one page of {@code query}. The window is widened to ECI's 60 s minimum; one over
     * an hour, a page over 200 or a filter over 20 ids or 10 tags is refused ({@link IllegalArgumentException}).
     */
    public static Map<String, String> status(String regionId, StatusQuery query, String pageToken) {
        Map<String, String> p = filter(regionId, query.filter());
        putIfSet(p, "SinceSecond", sinceSecond(query.window()));
        p.put("Limit", Integer.toString(limit(query.pageSize())));
        putIfSet(p, "NextToken", pageToken);
        return p;
    }

    /** DescribeContainerGroupEvents for {@code query}, bounded as {@link #status}. */
    public static Map<String, String> events(String regionId, EventQuery query) {
        Map<String, String> p = filter(regionId, query.filter());
        putIfSet(p, "SinceSecond", sinceSecond(query.window()));
        p.put("Limit", Integer.toString(limit(query.maxGroups())));
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

    /** How many instances a status or event call asks for: the asked number, or ECI's largest page. */
    static int limit(Integer asked) {
        if (asked != null && asked > EciLimits.MAX_STATUS_PAGE) {
            throw new IllegalArgumentException("ECI answers at most " + EciLimits.MAX_STATUS_PAGE + " groups per call");
        }
        return asked == null ? EciLimits.MAX_STATUS_PAGE : asked;
    }

    /** RegionId plus the filters shared by the status and event queries. */
    static Map<String, String> filter(String regionId, GroupFilter filter) {
        if (filter.ids().size() > EciLimits.MAX_IDS_PER_CALL) {
            throw new IllegalArgumentException("ECI takes at most " + EciLimits.MAX_IDS_PER_CALL + " ids per call");
        }
        if (filter.tags().size() > EciLimits.MAX_FILTER_TAGS) {
            throw new IllegalArgumentException("ECI takes at most " + EciLimits.MAX_FILTER_TAGS + " tag filters");
        }
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

    /** {@code SinceSecond}: whole seconds rounded up (never narrower than asked), at least ECI's minimum. */
    static Long sinceSecond(Duration window) {
        if (window == null) {
            return null;
        }
        long seconds = Math.max(EciLimits.MIN_SINCE_SECOND, (window.toMillis() + 999) / 1000);
        if (seconds > EciLimits.MAX_SINCE_SECOND) {
            throw new IllegalArgumentException("ECI's windows are at most " + EciLimits.MAX_SINCE_SECOND
                    + " s; after a longer gap, sweep every group instead");
        }
        return seconds;
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
