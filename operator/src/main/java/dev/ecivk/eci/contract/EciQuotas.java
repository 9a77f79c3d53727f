package dev.ecivk.eci.contract;

import java.time.Duration;
import java.util.Map;

/**
 * ECI's per-action request quotas: calls per account and region per window, as the flow-control table lists them
 * ([FLOW], eci-api-newer.md §4.1; raised by ticket). The client paces itself below them; the embedded ECI answers
 * {@code Throttling} above them. Actions the table does not list (ListUsage, DescribeAvailableResource, image-cache
 * reads, …) get {@link #UNDOCUMENTED}, a conservative 1,000 a minute.
 *
 * <p>The newer limits page also describes Create and Delete as a token bucket (burst 100, 20 a second); both sides
 * use the table's 1,000 a minute instead, the figure the flow-control page and the older limits page agree on.
 */
public final class EciQuotas {

    /** {@code calls} per {@code window}. */
    public record Quota(int calls, Duration window) {
        public static Quota perMinute(int calls) {
            return new Quota(calls, Duration.ofMinutes(1));
        }

        public double perMinute() {
            return calls * 60_000.0 / window.toMillis();
        }
    }

    /** The quota assumed for an action ECI documents none for. */
    public static final Quota UNDOCUMENTED = Quota.perMinute(1000);

    private static final Map<String, Quota> DOCUMENTED = Map.ofEntries(
            Map.entry("DescribeContainerGroupStatus", Quota.perMinute(10_000)),
            Map.entry("DescribeContainerGroupEvents", Quota.perMinute(10_000)),
            Map.entry("DescribeRegions", Quota.perMinute(10_000)),
            Map.entry("DescribeContainerGroups", Quota.perMinute(2000)),
            Map.entry("DescribeContainerGroupMetric", Quota.perMinute(2000)),
            Map.entry("DescribeMultiContainerGroupMetric", Quota.perMinute(2000)),
            Map.entry("CreateContainerGroup", Quota.perMinute(1000)),
            Map.entry("DeleteContainerGroup", Quota.perMinute(1000)),
            Map.entry("UpdateContainerGroup", Quota.perMinute(1000)),
            Map.entry("RestartContainerGroup", Quota.perMinute(1000)),
            Map.entry("DescribeContainerGroupPrice", Quota.perMinute(1000)),
            Map.entry("TagResources", Quota.perMinute(1000)),
            Map.entry("UntagResources", Quota.perMinute(1000)),
            Map.entry("ListTagResources", Quota.perMinute(1000)),
            Map.entry("ExecContainerCommand", Quota.perMinute(500)),
            Map.entry("DescribeContainerLog", Quota.perMinute(500)),
            Map.entry("CreateImageCache", Quota.perMinute(200)),
            Map.entry("CommitContainer", new Quota(100, Duration.ofSeconds(1))),
            Map.entry("ResizeContainerGroupVolume", new Quota(100, Duration.ofSeconds(1))));

    private EciQuotas() {}

    /** The quota of {@code action}: the documented one, else {@link #UNDOCUMENTED}. */
    public static Quota of(String action) {
        return DOCUMENTED.getOrDefault(action, UNDOCUMENTED);
    }

    /** Every action with a documented quota. */
    public static Map<String, Quota> documented() {
        return DOCUMENTED;
    }
}
