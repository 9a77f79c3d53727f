package dev.ecivk.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of what the controller knows of its cloud: the account's vCPU quota, each Node's allocatable cpu, the
 * zones placement left out, and what the running Pods cost. Names live in {@link Meters}; reached through {@link
 * ControllerMetrics#cloud()}. Counters start at zero as every other meter does; gauges appear with their first value,
 * because a zero before the quota or a price is known would read as "no vCPU left" or "costs nothing".
 */
public final class CloudMetrics {
    /** The cost of a node's running Pods in one namespace: {@code pricing} is {@code on_demand} or {@code spot}. */
    public record Cost(String namespace, String pricing, String currency, double perHour, double savingsPerHour) {}

    /** A gauge's value, set by the controller and read at each scrape. */
    private static final class Value {
        volatile double v;
    }

    private record CostSeries(String node, String namespace, String pricing, String currency) {}

    private final MeterRegistry registry;
    private final Map<String, Value> account = new ConcurrentHashMap<>();
    private final Map<String, Value> allocatable = new ConcurrentHashMap<>();
    private final Map<CostSeries, Value> costs = new ConcurrentHashMap<>();
    private final Map<CostSeries, Value> savings = new ConcurrentHashMap<>();

    CloudMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The account's vCPU use and quota, as the last ListUsage answered. */
    public void accountCpu(double used, double max) {
        value(account, Meters.ACCOUNT_CPU_USED, "vCPUs of the account's instances counted against its quota").v = used;
        value(account, Meters.ACCOUNT_CPU_MAX, "The account's regional vCPU quota").v = max;
        value(account, Meters.ACCOUNT_CPU_HEADROOM, "Share of the account's vCPU quota still free (0-1)").v =
                max > 0 ? Math.max(0, max - Math.max(0, used)) / max : 0;
    }

    private Value value(Map<String, Value> values, String name, String description) {
        return values.computeIfAbsent(name, n -> {
            Value v = new Value();
            Gauge.builder(n, v, x -> x.v)
                    .description(description)
                    .strongReference(true)
                    .register(registry);
            return v;
        });
    }

    /** The cpu {@code node} advertises as allocatable. */
    public void allocatableCpu(String node, double cpu) {
        allocatable.computeIfAbsent(ControllerMetrics.tagValue(node), n -> {
                    Value v = new Value();
                    Gauge.builder(Meters.NODE_ALLOCATABLE_CPU, v, x -> x.v)
                            .description("cpu the virtual Node advertises as allocatable")
                            .tag(Meters.TAG_NODE, n)
                            .strongReference(true)
                            .register(registry);
                    return v;
                })
                .v = cpu;
    }

    /** A create's placement left out {@code zone} (no stock there for the Pod's size). */
    public void zoneAvoided(String zone) {
        zoneAvoidedCounter(zone).increment();
    }

    /** Registers the zone-avoided counters of {@code zones} at zero. */
    public void registerZones(Collection<String> zones) {
        zones.forEach(this::zoneAvoidedCounter);
    }

    private Counter zoneAvoidedCounter(String zone) {
        return Counter.builder(Meters.PLACEMENT_ZONE_AVOIDED)
                .description("Creates whose placement left out a zone without stock for the Pod's size")
                .tag(Meters.TAG_ZONE, ControllerMetrics.tagValue(zone))
                .register(registry);
    }

    /**
     * Registers {@code node}'s cost series at zero before any Pod is priced, so the families exist from the first
     * scrape: namespace {@code default}, in CNY (ECI's billing currency in China regions; another currency adds its
     * own series once priced).
     */
    public void registerCosts(String node) {
        String nodeTag = ControllerMetrics.tagValue(node);
        costGauge(new CostSeries(nodeTag, "default", "on_demand", "CNY"));
        CostSeries spot = new CostSeries(nodeTag, "default", "spot", "CNY");
        costGauge(spot);
        savingsGauge(spot);
    }

    /**
     * What {@code node}'s running Pods cost now, per namespace, billing and currency; a series the list no longer
     * names (its Pods ended) drops to 0.
     */
    public synchronized void podCosts(String node, List<Cost> now) {
        String nodeTag = ControllerMetrics.tagValue(node);
        Set<CostSeries> seen = new HashSet<>();
        for (Cost c : now) {
            CostSeries series = new CostSeries(
                    nodeTag,
                    ControllerMetrics.tagValue(c.namespace()),
                    ControllerMetrics.tagValue(c.pricing()),
                    ControllerMetrics.tagValue(c.currency()));
            seen.add(series);
            costGauge(series).v = c.perHour();
            if ("spot".equals(c.pricing())) {
                savingsGauge(series).v = c.savingsPerHour();
            }
        }
        costs.forEach((series, v) -> {
            if (series.node().equals(nodeTag) && !seen.contains(series)) {
                v.v = 0;
            }
        });
        savings.forEach((series, v) -> {
            if (series.node().equals(nodeTag) && !seen.contains(series)) {
                v.v = 0;
            }
        });
    }

    private Value costGauge(CostSeries s) {
        return costs.computeIfAbsent(s, k -> {
            Value v = new Value();
            Gauge.builder(Meters.POD_COST_PER_HOUR, v, x -> x.v)
                    .description("What the node's running Pods cost per hour")
                    .tag(Meters.TAG_NODE, k.node())
                    .tag(Meters.TAG_NAMESPACE, k.namespace())
                    .tag(Meters.TAG_PRICING, k.pricing())
                    .tag(Meters.TAG_CURRENCY, k.currency())
                    .strongReference(true)
                    .register(registry);
            return v;
        });
    }

    private Value savingsGauge(CostSeries s) {
        return savings.computeIfAbsent(s, k -> {
            Value v = new Value();
            Gauge.builder(Meters.POD_COST_SPOT_SAVINGS, v, x -> x.v)
                    .description("What spot saves per hour on the node's running spot Pods")
                    .tag(Meters.TAG_NODE, k.node())
                    .tag(Meters.TAG_NAMESPACE, k.namespace())
                    .tag(Meters.TAG_CURRENCY, k.currency())
                    .strongReference(true)
                    .register(registry);
            return v;
        });
    }
}
