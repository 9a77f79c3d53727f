package dev.ecivk.cloud;

import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.SpotStrategy;
import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where one node's creates go: its vSwitches ordered by the stock their zone has for the Pod's size — zones with
 * plenty first, then zones stock knowledge does not cover, then zones with a weak supply — and zones without stock
 * left out, so a sold-out zone costs no failed create. The create's failover to the next vSwitch stays as the safety
 * net; a create that still meets no stock counts its zone out ({@link #noStock}).
 */
public final class StockAwarePlacement {
    /** ECS instance sizes have these vCPU counts… */
    private static final int[] ECS_CORES = {2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128};
    /** …and these GiB per vCPU (compute, general purpose, memory optimised families). */
    private static final int[] ECS_GIB_PER_CORE = {2, 4, 8};

    /** The vSwitches to try, best first, and the zones left out. */
    public record Plan(List<String> vSwitches, List<String> avoidedZones) {
        public Plan {
            vSwitches = List.copyOf(vSwitches);
            avoidedZones = List.copyOf(avoidedZones);
        }
    }

    /** Told of every zone a create's plan left out. */
    public interface Listener {
        void zoneAvoided(String zone);

        Listener NONE = zone -> {};
    }

    private enum Rank {
        IN_STOCK,
        UNKNOWN,
        LOW
    }

    private final StockLevels shortages;
    private final ZoneStockCache stock;
    private final VSwitchZones zones;
    private final Listener listener;

    /**
     * @param shortages reads the provider's capacity failures (null: every one may be the vSwitch's alone)
     * @param stock stock per zone (null: placement keeps the configured order, only failover reacts to stock)
     */
    public StockAwarePlacement(StockLevels shortages, ZoneStockCache stock, VSwitchZones zones, Listener listener) {
        this.shortages = shortages;
        this.stock = stock;
        this.zones = zones;
        this.listener = listener;
    }

    /** Placement that keeps the vSwitch order and knows nothing of stock. */
    public static StockAwarePlacement off() {
        return new StockAwarePlacement(
                null, null, new VSwitchZones(Map.of(), List::of, java.time.Clock.systemUTC()), Listener.NONE);
    }

    /** The vSwitches to try for {@code spec}, best first, from {@code candidates} in their configured order. */
    public Plan plan(ContainerGroupSpec spec, List<String> candidates) {
        if (stock == null) {
            return new Plan(candidates, List.of());
        }
        // several instance types: a zone has what its best-stocked type has
        Map<String, ZoneStock.Level> levels = new java.util.HashMap<>();
        boolean known = false;
        for (StockQuery q : queriesFor(spec)) {
            Optional<Map<String, ZoneStock.Level>> answer = stock.levels(q);
            if (answer.isPresent()) {
                known = true;
                answer.get().forEach((zone, level) -> levels.merge(zone, level, StockAwarePlacement::better));
            }
        }
        if (!known) {
            return new Plan(candidates, List.of());
        }
        Plan plan = order(candidates, zones::zoneOf, levels);
        if (!plan.vSwitches().isEmpty()) {
            plan.avoidedZones().forEach(listener::zoneAvoided);
        }
        return plan;
    }

    private static ZoneStock.Level better(ZoneStock.Level a, ZoneStock.Level b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }

    /** Where the shortage behind a capacity failure of a create lies. */
    public StockLevels.Shortage shortage(ProviderException capacityFailure) {
        return shortages == null ? StockLevels.Shortage.VSWITCH : shortages.shortage(capacityFailure);
    }

    /** A create of {@code spec} in {@code vSwitch} met no stock: its zone is out for this size for a while. */
    public void noStock(ContainerGroupSpec spec, String vSwitch) {
        if (stock == null) {
            return;
        }
        zones.zoneOf(vSwitch).ifPresent(zone -> queriesFor(spec).forEach(q -> stock.noStock(q, zone)));
    }

    /** The zone of a vSwitch, when known. */
    public Optional<String> zoneOf(String vSwitch) {
        return zones.zoneOf(vSwitch);
    }

    /**
     * Orders {@code candidates} by their zone's level (stable within a rank) and leaves out those whose zone is out of
     * stock, discontinued, or absent from {@code levels} (the zone does not sell the size). Pure.
     */
    static Plan order(
            List<String> candidates, Function<String, Optional<String>> zoneOf, Map<String, ZoneStock.Level> levels) {
        Map<String, Rank> ranks = new java.util.LinkedHashMap<>();
        List<String> avoided = new ArrayList<>();
        for (String v : candidates) {
            Optional<String> zone = zoneOf.apply(v);
            if (zone.isEmpty()) {
                ranks.put(v, Rank.UNKNOWN);
                continue;
            }
            ZoneStock.Level level = levels.get(zone.get());
            if (level == null || !level.hasStock()) {
                if (!avoided.contains(zone.get())) {
                    avoided.add(zone.get());
                }
                continue;
            }
            ranks.put(v, level == ZoneStock.Level.IN_STOCK ? Rank.IN_STOCK : Rank.LOW);
        }
        List<String> ordered = new ArrayList<>(ranks.keySet());
        ordered.sort(Comparator.comparing(ranks::get));
        return new Plan(ordered, avoided);
    }

    /**
     * The stock questions for a group: each of its instance types, else the ECS size that holds its cpu and memory
     * (ECI runs cpu/memory groups on ECS capacity, and a zone without that size in stock cannot take the group
     * either); spot groups ask for spot stock within their price limit. Empty when no ECS size holds the group.
     */
    static List<StockQuery> queriesFor(ContainerGroupSpec spec) {
        SpotStrategy asked = spotStrategy(spec.spotStrategy());
        Double limit = asked == SpotStrategy.PRICE_LIMIT ? spec.spotPriceLimit() : null;
        SpotStrategy spot = asked == SpotStrategy.PRICE_LIMIT && limit == null ? SpotStrategy.MARKET : asked;
        List<StockQuery> out = new ArrayList<>();
        if (spec.instanceType() != null && !spec.instanceType().isBlank()) {
            for (String type : spec.instanceType().split(",")) {
                if (!type.isBlank()) {
                    out.add(StockQuery.instanceType(type.trim()).asSpot(spot, limit));
                }
            }
            return out;
        }
        double cpu = spec.cpu() == null ? 0 : spec.cpu();
        double memory = spec.memory() == null ? 0 : spec.memory();
        ecsSize(cpu, memory)
                .ifPresent(size -> out.add(StockQuery.size(size[0], size[1]).asSpot(spot, limit)));
        return out;
    }

    /** The smallest ECS size (vCPUs, GiB) holding {@code cpu} and {@code memory}. */
    static Optional<double[]> ecsSize(double cpu, double memory) {
        if (cpu <= 0) {
            return Optional.empty();
        }
        for (int cores : ECS_CORES) {
            if (cores < cpu) {
                continue;
            }
            for (int ratio : ECS_GIB_PER_CORE) {
                if ((double) cores * ratio >= memory) {
                    return Optional.of(new double[] {cores, (double) cores * ratio});
                }
            }
        }
        return Optional.empty();
    }

    private static SpotStrategy spotStrategy(String eciValue) {
        if (eciValue == null) {
            return SpotStrategy.NONE;
        }
        return switch (eciValue) {
            case "SpotAsPriceGo" -> SpotStrategy.MARKET;
            case "SpotWithPriceLimit" -> SpotStrategy.PRICE_LIMIT;
            default -> SpotStrategy.NONE;
        };
    }
}
