package dev.ecivk.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * What the node learns from its cloud account and acts on: stock per zone before a create, the vCPU quota behind the
 * Node's allocatable cpu, and the price of every Pod (README, "Knows its cloud").
 */
public final class CloudOptions {

    @Option(
            names = "--stock-aware-placement",
            arity = "1",
            defaultValue = "true",
            description = "Before a create, order the vSwitches by the stock their zone has for the Pod's size (ECI"
                    + " DescribeAvailableResource) and leave out zones without any; the failover to the next vSwitch"
                    + " stays as the safety net.")
    private boolean stockAwarePlacement;

    @Option(
            names = "--stock-cache-ttl",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How long one stock answer is reused; a create that meets no stock refreshes it sooner.")
    private Duration stockCacheTtl;

    @Option(
            names = "--eci-vswitch-zones",
            split = ",",
            description = "Zone of each vSwitch as vswitch=zone (e.g. vsw-a=cn-hangzhou-h), for stock-aware"
                    + " placement. Default: the embedded ECI's zones (<region>-a, -b, … in --eci-vswitch-ids order);"
                    + " with ECI, the zones ECI reports for the node's groups, learned as they appear.")
    private List<String> eciVSwitchZones;

    @Option(
            names = "--quota-refresh-interval",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "How often the account's vCPU quota and use are read (ECI ListUsage, one call for all"
                    + " nodes): the Node's allocatable cpu, the VirtualNode status and the account metrics follow it.")
    private Duration quotaRefreshInterval;

    @Option(
            names = "--node-cpu-follows-quota",
            arity = "1",
            defaultValue = "true",
            description = "The Node's allocatable cpu follows the account's free vCPUs (plus what its own Pods"
                    + " already use), never above its cpu capacity, and allocatable pods are at most 4 per vCPU of"
                    + " it: the scheduler keeps Pending what the account cannot run.")
    private boolean nodeCpuFollowsQuota;

    @Option(
            names = "--quota-warning-headroom",
            defaultValue = "10",
            description = "A Warning Event on the Node (QuotaHeadroomLow) when the account's free vCPUs fall under"
                    + " this percentage of its quota.")
    private double quotaWarningHeadroom;

    @Option(
            names = "--pod-cost",
            arity = "1",
            defaultValue = "true",
            description = "Price every running Pod's container group (ECI DescribeContainerGroupPrice, one call per"
                    + " distinct size): annotation ecivk.dev/price-per-hour, an Event when it starts, and the"
                    + " ecivk_pod_cost_* metrics.")
    private boolean podCost;

    @Option(
            names = "--price-cache-ttl",
            defaultValue = "1h",
            converter = DurationConverter.class,
            description = "How long a price quote is reused for every group of the same size and billing.")
    private Duration priceCacheTtl;

    void validate(CommandSpec spec) {
        Validation.positive(spec, "--stock-cache-ttl", stockCacheTtl);
        Validation.positive(spec, "--quota-refresh-interval", quotaRefreshInterval);
        Validation.positive(spec, "--price-cache-ttl", priceCacheTtl);
        if (!(quotaWarningHeadroom >= 0 && quotaWarningHeadroom <= 100)) {
            throw Validation.bad(spec, "--quota-warning-headroom", "must be a percentage between 0 and 100");
        }
        try {
            vSwitchZones();
        } catch (IllegalArgumentException e) {
            throw Validation.bad(spec, "--eci-vswitch-zones", e.getMessage());
        }
    }

    public boolean stockAwarePlacement() {
        return stockAwarePlacement;
    }

    public Duration stockCacheTtl() {
        return stockCacheTtl;
    }

    /** The vSwitch → zone map of {@code --eci-vswitch-zones}, in order; empty when not set. */
    public Map<String, String> vSwitchZones() {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String entry : eciVSwitchZones == null ? List.<String>of() : eciVSwitchZones) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("'" + entry + "' is not vswitch=zone");
            }
            zones.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return zones;
    }

    public Duration quotaRefreshInterval() {
        return quotaRefreshInterval;
    }

    public boolean nodeCpuFollowsQuota() {
        return nodeCpuFollowsQuota;
    }

    /** The share of the quota (0–1) under which free vCPUs raise a warning. */
    public double quotaWarningHeadroom() {
        return quotaWarningHeadroom / 100;
    }

    public boolean podCost() {
        return podCost;
    }

    public Duration priceCacheTtl() {
        return priceCacheTtl;
    }

    @Override
    public String toString() {
        return "CloudOptions[stockAwarePlacement=" + stockAwarePlacement + ", stockCacheTtl=" + stockCacheTtl
                + ", quotaRefreshInterval=" + quotaRefreshInterval + ", nodeCpuFollowsQuota=" + nodeCpuFollowsQuota
                + ", podCost=" + podCost + "]";
    }
}
