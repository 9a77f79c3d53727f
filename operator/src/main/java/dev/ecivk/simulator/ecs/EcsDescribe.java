package dev.ecivk.simulator.ecs;

import dev.ecivk.ecs.contract.EcsContract;
import dev.ecivk.simulator.EciApiException;
import dev.ecivk.simulator.FlatParams;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeInstances and DescribeInstanceStatus: filters AND-ed (an empty {@code InstanceIds} array matches nothing),
 * {@code PageNumber}/{@code PageSize} paging, or {@code NextToken}/{@code MaxResults} paging when either is given,
 * and the instance as the SDK's {@code DescribeInstancesResponseBody} reads it.
 */
final class EcsDescribe {
    /** ECS returns most times to the minute: {@code 2026-01-02T03:04Z}. */
    private static final DateTimeFormatter MINUTES =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    private EcsDescribe() {}

    static Map<String, Object> instances(
            Map<String, String> business, EcsSimulatorSettings settings, EcsInstanceStore store, Instant now) {
        EcsApi.requireRegion(business, settings);
        FlatParams.Node p = FlatParams.tree(business);
        List<String> ids =
                EcsApi.jsonList(business.get("InstanceIds"), "InstanceIds", EcsContract.MAX_IDS_PER_DESCRIBE);
        // by ids (the controller's status poll): look them up instead of scanning the whole fleet
        List<EcsInstance> all = ids == null ? store.all(now) : store.get(ids, now);
        String status = business.get("Status");
        if (status != null && !EcsApi.validStatus(status)) {
            throw new EciApiException(404, "InvalidStatus.NotFound", "The specified Status is not valid.");
        }
        List<FlatParams.Node> tagFilters = p.nodes("Tag");
        if (tagFilters.size() > EcsContract.MAX_TAGS) {
            throw new EciApiException(400, "InvalidTagCount", "At most " + EcsContract.MAX_TAGS + " tag filters.");
        }
        List<EcsInstance> matching = new ArrayList<>();
        for (EcsInstance i : all) {
            if ((ids == null || ids.contains(i.id))
                    && matches(business.get("ZoneId"), i.zoneId)
                    && matches(business.get("VSwitchId"), i.vSwitchId)
                    && matches(business.get("InstanceType"), i.type.id())
                    && matches(business.get("InstanceName"), i.name)
                    && matches(business.get("ImageId"), i.imageId)
                    && matches(business.get("SecurityGroupId"), i.securityGroupId)
                    && matches(status, i.status().name())
                    && hasTags(i, tagFilters)) {
                matching.add(i);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<Object> page = new ArrayList<>();
        Page window = page(business, matching.size(), EcsContract.DESCRIBE_INSTANCES_MAX_PAGE_SIZE);
        for (int k = window.from(); k < window.to(); k++) {
            page.add(render(matching.get(k), settings.region()));
        }
        out.put("Instances", Map.of("Instance", page));
        out.put("TotalCount", matching.size());
        out.put("PageNumber", window.pageNumber());
        out.put("PageSize", window.pageSize());
        out.put("NextToken", window.nextToken());
        return out;
    }

    static Map<String, Object> statuses(
            Map<String, String> business, EcsSimulatorSettings settings, List<EcsInstance> all) {
        EcsApi.requireRegion(business, settings);
        List<String> ids = FlatParams.tree(business).strings("InstanceId");
        List<EcsInstance> matching = new ArrayList<>();
        for (EcsInstance i : all) {
            if ((ids.isEmpty() || ids.contains(i.id)) && matches(business.get("ZoneId"), i.zoneId)) {
                matching.add(i);
            }
        }
        Page window = page(
                Map.of(
                        "PageNumber", business.getOrDefault("PageNumber", ""),
                        "PageSize", business.getOrDefault("PageSize", "")),
                matching.size(),
                EcsContract.DESCRIBE_INSTANCE_STATUS_MAX_PAGE_SIZE);
        List<Object> page = new ArrayList<>();
        for (int k = window.from(); k < window.to(); k++) {
            EcsInstance i = matching.get(k);
            page.add(Map.of("InstanceId", i.id, "Status", i.status().name()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("InstanceStatuses", Map.of("InstanceStatus", page));
        out.put("TotalCount", matching.size());
        out.put("PageNumber", window.pageNumber());
        out.put("PageSize", window.pageSize());
        return out;
    }

    /** One page of a result of {@code total} items. */
    record Page(int from, int to, int pageNumber, int pageSize, String nextToken) {}

    /** The page a request asks for: NextToken/MaxResults when either is given, else PageNumber/PageSize. */
    static Page page(Map<String, String> business, int total, int maxPageSize) {
        String token = business.get("NextToken");
        String maxResults = business.get("MaxResults");
        if (notEmpty(token) || notEmpty(maxResults)) {
            int size =
                    number(maxResults, EcsContract.DESCRIBE_INSTANCES_DEFAULT_PAGE_SIZE, 1, maxPageSize, "MaxResults");
            int from = 0;
            if (notEmpty(token)) {
                try {
                    from = Integer.parseInt(token.substring(token.indexOf('-') + 1), 36);
                } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
                    throw new EciApiException(
                            400, "InvalidNextToken.Malformed", "The specified NextToken is not valid.");
                }
            }
            from = Math.min(Math.max(from, 0), total);
            int to = Math.min(total, from + size);
            return new Page(from, to, 0, size, to < total ? "nt-" + Integer.toString(to, 36) : "");
        }
        int pageNumber = number(business.get("PageNumber"), 1, 1, Integer.MAX_VALUE, "PageNumber");
        int pageSize = number(
                business.get("PageSize"), EcsContract.DESCRIBE_INSTANCES_DEFAULT_PAGE_SIZE, 1, maxPageSize, "PageSize");
        long fromLong = (long) (pageNumber - 1) * pageSize;
        int from = (int) Math.min(fromLong, total);
        return new Page(from, Math.min(total, from + pageSize), pageNumber, pageSize, "");
    }

    private static int number(String value, int defaultValue, int min, int max, String name) {
        if (!notEmpty(value)) {
            return defaultValue;
        }
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new EciApiException(400, "InvalidParameter", "The specified " + name + " is not valid.");
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.isEmpty() || filter.equals(value);
    }

    /** Every filter's key must be present; a filter with a value must match it (key-only matches any value). */
    private static boolean hasTags(EcsInstance i, List<FlatParams.Node> filters) {
        for (FlatParams.Node f : filters) {
            String key = f.str("Key");
            if (key == null || key.isEmpty()) {
                throw new EciApiException(400, "InvalidTagKey.Malformed", "The specified Tag.N.Key is not valid.");
            }
            String want = f.str("Value");
            if (!i.tags.containsKey(key) || (want != null && !want.isEmpty() && !want.equals(i.tags.get(key)))) {
                return false;
            }
        }
        return true;
    }

    /** One instance with the fields the SDK's model reads. */
    static Map<String, Object> render(EcsInstance i, String region) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("InstanceId", i.id);
        m.put("InstanceName", i.name);
        m.put("HostName", i.hostName);
        m.put("Description", i.description);
        m.put("RegionId", region);
        m.put("ZoneId", i.zoneId);
        m.put("ImageId", i.imageId);
        m.put("InstanceType", i.type.id());
        m.put("InstanceTypeFamily", i.type.family());
        m.put("Cpu", i.type.cpu());
        m.put("Memory", (int) Math.round(i.type.memoryGiB() * 1024));
        m.put("GPUAmount", i.type.gpu());
        m.put("GPUSpec", i.type.gpuSpec() == null ? "" : i.type.gpuSpec());
        m.put("Status", i.status().name());
        m.put("InstanceNetworkType", "vpc");
        m.put("InstanceChargeType", "PostPaid");
        m.put("InternetChargeType", "PayByTraffic");
        m.put("InternetMaxBandwidthIn", 0);
        m.put("InternetMaxBandwidthOut", 0);
        m.put("IoOptimized", true);
        m.put("DeviceAvailable", true);
        m.put("DeletionProtection", false);
        m.put("SpotStrategy", i.spotStrategy);
        m.put("OSType", "linux");
        m.put("OSName", "Alibaba Cloud Linux 3");
        m.put("StoppedMode", i.status() == EcsInstance.Status.Stopped ? "KeepCharging" : "Not-applicable");
        m.put("CreationTime", MINUTES.format(i.creationTime));
        Instant started = i.startTime();
        m.put("StartTime", started == null ? "" : MINUTES.format(started.truncatedTo(ChronoUnit.MINUTES)));
        m.put("ExpiredTime", "2099-12-31T15:59Z");
        m.put("SecurityGroupIds", Map.of("SecurityGroupId", List.of(i.securityGroupId)));
        Map<String, Object> vpc = new LinkedHashMap<>();
        vpc.put("VpcId", "vpc-sim");
        vpc.put("VSwitchId", i.vSwitchId);
        vpc.put("PrivateIpAddress", Map.of("IpAddress", List.of(i.privateIp)));
        vpc.put("NatIpAddress", "");
        m.put("VpcAttributes", vpc);
        m.put("PublicIpAddress", Map.of("IpAddress", List.of()));
        m.put("InnerIpAddress", Map.of("IpAddress", List.of()));
        m.put("EipAddress", Map.of("AllocationId", "", "IpAddress", "", "Bandwidth", 0));
        String lock = i.lockReason();
        m.put("OperationLocks", Map.of("LockReason", lock == null ? List.of() : List.of(Map.of("LockReason", lock))));
        List<Object> tags = new ArrayList<>();
        i.tags.forEach((k, v) -> tags.add(Map.of("TagKey", k, "TagValue", v)));
        m.put("Tags", Map.of("Tag", tags));
        return m;
    }
}
