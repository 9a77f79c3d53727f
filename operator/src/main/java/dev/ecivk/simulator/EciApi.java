package dev.ecivk.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** The ECI actions: parameters in (flattened), a JSON-ready answer out (without RequestId). */
final class EciApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_IDS = 20;
    static final int MAX_PAGE = 20;

    private final SimulatorSettings settings;
    private final GroupStore store;
    private final SimCounters counters;
    private final ExecSessions execSessions;
    private final Map<String, Map<String, Object>> imageCaches = new ConcurrentHashMap<>();
    private final Map<String, Instant> imageCacheCreated = new ConcurrentHashMap<>();
    private volatile String publicEndpoint = "127.0.0.1:0";
    /** Actions that answer only POST (eci-api-newer.md §2). */
    static final Set<String> POST_ONLY = Set.of("DescribeContainerGroupStatus", "DescribeContainerGroupEvents");

    private final Map<String, ActionHandler> handlers;
    private final UsageAction usage;

    EciApi(SimulatorSettings settings, GroupStore store, SimCounters counters, ExecSessions execSessions) {
        this.settings = settings;
        this.store = store;
        this.counters = counters;
        this.execSessions = execSessions;
        this.usage = new UsageAction(store, imageCaches::size);
        this.handlers = Map.of(
                "DescribeContainerGroupStatus", new DescribeStatusAction(settings.region(), store),
                "DescribeContainerGroupEvents", new DescribeEventsAction(settings.region(), store),
                "DescribeAvailableResource", new AvailableResourceAction(settings, store),
                "DescribeContainerGroupPrice", new PriceAction(settings),
                "ListUsage", usage);
    }

    /** ListUsage's attributes, for the admin API. */
    Map<String, Object> usage() {
        return usage.attributes();
    }

    void publicEndpoint(String endpoint) {
        this.publicEndpoint = endpoint;
    }

    Map<String, Object> handle(String action, String method, Map<String, String> params) {
        Instant now = settings.clock().instant();
        if (POST_ONLY.contains(action) && !"POST".equals(method)) {
            throw new EciApiException(
                    403, "UnsupportedHTTPMethod", "The action " + action + " accepts POST requests only.");
        }
        ActionHandler handler = handlers.get(action);
        if (handler != null) {
            return handler.handle(new ApiCall(action, method, params, now));
        }
        return switch (action) {
            case "CreateContainerGroup" -> create(params, now);
            case "DescribeContainerGroups" -> describe(params, now);
            case "DeleteContainerGroup" -> delete(params, now);
            case "UpdateContainerGroup" -> update(params, now);
            case "RestartContainerGroup" -> restart(params, now);
            case "DescribeContainerLog" -> logs(params, now);
            case "ExecContainerCommand" -> exec(params, now);
            case "DescribeContainerGroupMetric" -> metric(params, now);
            case "DescribeMultiContainerGroupMetric" -> multiMetric(params, now);
            case "CreateImageCache" -> createImageCache(params, now);
            case "DescribeImageCaches" -> describeImageCaches(params, now);
            case "DeleteImageCache" -> deleteImageCache(params);
            case "DescribeRegions" -> regions();
            case "DescribeVirtualNodes" -> virtualNodes(params);
            default ->
                throw new EciApiException(
                        404,
                        "InvalidAction.NotFound",
                        "Specified api is not found," + " please check your url and method.");
        };
    }

    private void requireRegion(Map<String, String> params) {
        String region = params.get("RegionId");
        if (region == null || region.isEmpty()) {
            throw EciApiException.missing("RegionId");
        }
        if (!region.equals(settings.region())) {
            throw new EciApiException(403, "RegionNotSupport", "The region " + region + " is not supported.");
        }
    }

    private Map<String, Object> create(Map<String, String> params, Instant now) {
        List<EciValidation.Violation> problems = EciValidation.validateCreate(GroupStore.business(params));
        if (!problems.isEmpty()) {
            EciValidation.Violation first = problems.get(0);
            throw new EciApiException(EciApiException.statusOf(first.code()), first.code(), first.message());
        }
        requireRegion(params);
        GroupStore.Created created = store.create(params, now);
        if (created.duplicate()) {
            counters.duplicateCreatePrevented();
        } else {
            counters.created();
        }
        return Map.of("ContainerGroupId", created.id());
    }

    private Map<String, Object> describe(Map<String, String> params, Instant now) {
        requireRegion(params);
        FlatParams.Node p = FlatParams.tree(params);
        List<String> ids = idList(params.get("ContainerGroupIds"), "ContainerGroupIds");
        Integer limit = p.integer("Limit");
        if (limit != null && (limit < 1 || limit > MAX_PAGE)) {
            throw new EciApiException(
                    400, "InvalidParameter.ValueExceeded", "The parameter Limit must be between 1" + " and 20.");
        }
        int pageSize = limit == null ? MAX_PAGE : limit;
        Map<String, String> tagFilter = new LinkedHashMap<>();
        for (FlatParams.Node t : p.nodes("Tag")) {
            tagFilter.put(t.required("Key"), t.str("Value"));
        }
        List<SimGroup> matches = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (String id : ids) {
                SimGroup g = store.get(id);
                if (g != null) {
                    matches.add(g);
                }
            }
        } else {
            matches.addAll(store.all());
        }
        String status = params.get("Status");
        String name = params.get("ContainerGroupName");
        String zone = params.get("ZoneId");
        String vSwitch = params.get("VSwitchId");
        List<SimGroup> filtered = new ArrayList<>();
        for (SimGroup g : matches) {
            g.advance(now);
            if (status != null && !status.isEmpty() && !status.equals(g.status())) {
                continue;
            }
            if (name != null && !name.isEmpty() && !name.equals(g.name)) {
                continue;
            }
            if (zone != null && !zone.isEmpty() && !zone.equals(g.zoneId)) {
                continue;
            }
            if (vSwitch != null && !vSwitch.isEmpty() && !vSwitch.equals(g.vSwitchId)) {
                continue;
            }
            if (!GroupSelection.tagsMatch(g.tags(), tagFilter)) {
                continue;
            }
            filtered.add(g);
        }
        long after = PageToken.parse(params.get("NextToken"));
        List<Object> page = new ArrayList<>();
        String nextToken = "";
        long lastSequence = 0;
        for (SimGroup g : filtered) {
            if (ids.isEmpty() && g.sequence <= after) {
                continue;
            }
            if (page.size() == pageSize) {
                nextToken = PageToken.after(lastSequence);
                break;
            }
            page.add(GroupJson.renderCached(g, now));
            lastSequence = g.sequence;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", filtered.size());
        out.put("NextToken", nextToken);
        out.put("ContainerGroups", page);
        return out;
    }

    /** A JSON-array id list ({@code ["eci-1","eci-2"]}), at most 20. */
    static List<String> idList(String json, String parameter) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<String> ids;
        try {
            ids = JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (java.io.IOException e) {
            throw EciApiException.invalid("The specified parameter \"" + parameter + "\" is not a JSON array.");
        }
        if (ids.size() > MAX_IDS) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.LengthExceeded",
                    "The parameter \"" + parameter + "\" holds more than 20 ids.");
        }
        return ids;
    }

    private Map<String, Object> delete(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        store.delete(g, now);
        return Map.of();
    }

    private Map<String, Object> update(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        Set<String> volumeNames = new java.util.HashSet<>();
        for (FlatParams.Node v : g.spec.nodes("Volume")) {
            volumeNames.add(v.str("Name"));
        }
        List<EciValidation.Violation> problems = EciValidation.validateUpdate(GroupStore.business(params), volumeNames);
        if (!problems.isEmpty()) {
            EciValidation.Violation first = problems.get(0);
            throw new EciApiException(EciApiException.statusOf(first.code()), first.code(), first.message());
        }
        FlatParams.Node updated = FlatParams.tree(GroupStore.business(params));
        if (updated.nodes("Container").isEmpty()
                && updated.nodes("InitContainer").isEmpty()
                && updated.nodes("ImageRegistryCredential").isEmpty()) {
            throw new EciApiException(400, "NoNeedUpdate", "Nothing to update.");
        }
        g.advance(now);
        g.update(updated, now);
        return Map.of();
    }

    private Map<String, Object> restart(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        g.advance(now);
        g.restart(now);
        return Map.of();
    }

    private Map<String, Object> logs(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        String containerName = required(params, "ContainerName");
        FlatParams.Node p = FlatParams.tree(params);
        Integer tail = p.integer("Tail");
        if (tail != null && (tail < 0 || tail > 2000)) {
            throw new EciApiException(
                    400, "InvalidParameter.ValueExceeded", "The parameter Tail must be between 0" + " and 2000.");
        }
        Integer sinceSeconds = p.integer("SinceSeconds");
        Long limitBytes = p.longValue("LimitBytes");
        boolean last = Boolean.TRUE.equals(p.bool("LastTime"));
        Instant startTime = null;
        if (params.get("StartTime") != null && !params.get("StartTime").isEmpty()) {
            startTime = parseTime(params.get("StartTime"), "StartTime");
        }
        g.advance(now);
        String content;
        synchronized (g) {
            SimContainer c = g.container(containerName);
            if (c == null) {
                throw EciApiException.notFound("The specified container " + containerName + " is not found.");
            }
            SimContainer.Run run = last ? (c.restartAt != null ? c.current : c.previous) : c.current;
            List<SimContainer.Line> lines = run == null ? List.of() : run.visibleLines(now);
            List<String> selected = new ArrayList<>();
            for (SimContainer.Line l : lines) {
                if (startTime != null && l.at().isBefore(startTime)) {
                    continue;
                }
                if (sinceSeconds != null && l.at().isBefore(now.minusSeconds(sinceSeconds))) {
                    continue;
                }
                selected.add(l.text());
            }
            int keep = tail == null ? 500 : tail;
            if (selected.size() > keep) {
                selected = selected.subList(selected.size() - keep, selected.size());
            }
            StringBuilder sb = new StringBuilder();
            for (String s : selected) {
                sb.append(s).append('\n');
            }
            content = sb.toString();
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long cap = Math.min(limitBytes == null ? Long.MAX_VALUE : limitBytes, 1024 * 1024);
        if (bytes.length > cap) {
            content = new String(bytes, 0, (int) cap, StandardCharsets.UTF_8);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainerName", containerName);
        out.put("Content", content);
        return out;
    }

    private Map<String, Object> exec(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        String containerName = required(params, "ContainerName");
        List<String> command = commandList(required(params, "Command"));
        FlatParams.Node p = FlatParams.tree(params);
        boolean tty = Boolean.TRUE.equals(p.bool("TTY"));
        boolean stdin = !Boolean.FALSE.equals(p.bool("Stdin"));
        g.advance(now);
        SimContainer c;
        synchronized (g) {
            c = g.container(containerName);
            if (c == null) {
                throw EciApiException.notFound("The specified container " + containerName + " is not found.");
            }
            if (!c.running()) {
                throw EciApiException.incorrectStatus("The container " + containerName + " is not running.");
            }
        }
        String token = execSessions.open(g, c, command, tty, stdin, now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("WebSocketUri", "ws://" + publicEndpoint + "/exec/?s=" + token);
        out.put("HttpUrl", "http://" + publicEndpoint + "/exec/console?s=" + token);
        return out;
    }

    private static List<String> commandList(String json) {
        List<String> command;
        String trimmed = json.trim();
        if (trimmed.startsWith("[")) {
            try {
                command = JSON.readValue(trimmed, new TypeReference<List<String>>() {});
            } catch (java.io.IOException e) {
                throw EciApiException.invalid("The specified parameter \"Command\" is not a JSON array.");
            }
        } else {
            command = List.of(trimmed);
        }
        if (command.isEmpty() || command.size() > 20) {
            throw new EciApiException(400, "InvalidParameter.ValueExceeded", "Command must have 1 to 20 items.");
        }
        for (String item : command) {
            if (item.length() > 256) {
                throw new EciApiException(
                        400, "InvalidParameter.ValueExceeded", "A Command item is longer than 256" + " characters.");
            }
        }
        return command;
    }

    private Map<String, Object> metric(Map<String, String> params, Instant now) {
        requireRegion(params);
        SimGroup g = store.require(required(params, "ContainerGroupId"));
        g.advance(now);
        Instant end = params.get("EndTime") == null ? now : parseTime(params.get("EndTime"), "EndTime");
        Instant start;
        long period;
        if (params.get("StartTime") == null && params.get("EndTime") == null) {
            start = now.minusSeconds(300);
            period = 15;
        } else {
            start = params.get("StartTime") == null ? end : parseTime(params.get("StartTime"), "StartTime");
            String p = params.getOrDefault("Period", "60");
            if (!Set.of("15", "30", "60", "600").contains(p)) {
                throw EciApiException.invalid("The parameter Period must be 15, 30, 60 or 600.");
            }
            period = Long.parseLong(p);
        }
        if (start.isBefore(now.minus(Duration.ofDays(30)))) {
            throw EciApiException.invalid("StartTime must be within the last 30 days.");
        }
        long points = Duration.between(start, end).getSeconds() / period + 1;
        if (points > 50) {
            throw new EciApiException(
                    400, "InvalidParameter.ValueExceeded", "At most 50 data points can be" + " returned.");
        }
        List<Object> records = new ArrayList<>();
        for (Instant t = start; !t.isAfter(end); t = t.plusSeconds(period)) {
            if (!t.isBefore(g.creationTime)) {
                records.add(MetricModel.record(g, t));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainerGroupId", g.id);
        out.put("Records", records);
        return out;
    }

    private Map<String, Object> multiMetric(Map<String, String> params, Instant now) {
        requireRegion(params);
        List<String> ids = idList(required(params, "ContainerGroupIds"), "ContainerGroupIds");
        List<Object> data = new ArrayList<>();
        for (String id : ids) {
            SimGroup g = store.get(id);
            if (g == null) {
                continue;
            }
            g.advance(now);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ContainerGroupId", id);
            m.put("Records", List.of(MetricModel.record(g, now)));
            data.add(m);
        }
        return Map.of("MonitorDatas", data);
    }

    private Map<String, Object> createImageCache(Map<String, String> params, Instant now) {
        requireRegion(params);
        required(params, "ImageCacheName");
        required(params, "SecurityGroupId");
        required(params, "VSwitchId");
        FlatParams.Node p = FlatParams.tree(GroupStore.business(params));
        List<String> images = p.strings("Image");
        if (images.isEmpty()) {
            throw EciApiException.missing("Image.1");
        }
        String id = "imc-"
                + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 12);
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("ImageCacheId", id);
        cache.put("ImageCacheName", params.get("ImageCacheName"));
        cache.put("ContainerGroupId", "eci-imc-builder-" + id.substring(4));
        cache.put("CreationTime", GroupJson.time(now));
        cache.put("ExpireDateTime", "");
        cache.put("FlashSnapshotId", "");
        Integer size = p.integer("ImageCacheSize");
        cache.put("ImageCacheSize", size == null ? 20 : size);
        cache.put("Images", images);
        cache.put("RegionId", settings.region());
        cache.put("ResourceGroupId", params.getOrDefault("ResourceGroupId", ""));
        cache.put("SnapshotId", "s-" + id.substring(4));
        List<Object> tags = new ArrayList<>();
        for (FlatParams.Node t : p.nodes("Tag")) {
            tags.add(Map.of("Key", t.required("Key"), "Value", t.str("Value") == null ? "" : t.str("Value")));
        }
        cache.put("Tags", tags);
        imageCaches.put(id, cache);
        imageCacheCreated.put(id, now);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImageCacheId", id);
        out.put("ContainerGroupId", cache.get("ContainerGroupId"));
        return out;
    }

    private Map<String, Object> describeImageCaches(Map<String, String> params, Instant now) {
        requireRegion(params);
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(imageCaches).entrySet()) {
            Map<String, Object> cache = new LinkedHashMap<>(e.getValue());
            if (params.get("ImageCacheId") != null
                    && !params.get("ImageCacheId").equals(e.getKey())) {
                continue;
            }
            if (params.get("ImageCacheName") != null
                    && !params.get("ImageCacheName").equals(cache.get("ImageCacheName"))) {
                continue;
            }
            if (params.get("Image") != null && !((List<?>) cache.get("Images")).contains(params.get("Image"))) {
                continue;
            }
            Duration age = Duration.between(imageCacheCreated.get(e.getKey()), now);
            long delayMillis = Math.max(1, settings.startDelay().toMillis());
            String status = age.toMillis() < delayMillis ? "Creating" : "Ready";
            cache.put("Status", status);
            cache.put(
                    "Progress",
                    status.equals("Ready") ? "100%" : Math.min(99, age.toMillis() * 100 / delayMillis) + "%");
            cache.put("Events", List.of());
            out.add(cache);
            if (out.size() == 20) {
                break;
            }
        }
        return Map.of("ImageCaches", out);
    }

    private Map<String, Object> deleteImageCache(Map<String, String> params) {
        requireRegion(params);
        String id = required(params, "ImageCacheId");
        if (imageCaches.remove(id) == null) {
            throw EciApiException.notFound("The specified image cache " + id + " is not found.");
        }
        return Map.of();
    }

    private Map<String, Object> regions() {
        List<String> zones = new ArrayList<>(
                new java.util.LinkedHashSet<>(settings.vSwitchZones().values()));
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("RegionId", settings.region());
        region.put("RegionEndpoint", "eci." + settings.region() + ".aliyuncs.com");
        region.put("Zones", zones);
        region.put("RecommendZones", zones);
        return Map.of("Regions", List.of(region));
    }

    private Map<String, Object> virtualNodes(Map<String, String> params) {
        requireRegion(params);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("TotalCount", 0);
        out.put("NextToken", "");
        out.put("VirtualNodes", List.of());
        return out;
    }

    private static String required(Map<String, String> params, String name) {
        String v = params.get(name);
        if (v == null || v.isEmpty()) {
            throw EciApiException.missing(name);
        }
        return v;
    }

    private static Instant parseTime(String value, String name) {
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw EciApiException.invalid("The specified parameter \"" + name + "\" is not an RFC3339 time.");
        }
    }
}
