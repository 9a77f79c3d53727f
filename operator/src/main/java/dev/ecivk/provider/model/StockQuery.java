package dev.ecivk.provider.model;

/**
 * Which resource a {@link dev.ecivk.provider.StockLevels} call asks about: one instance type, one family, or every
 * type with a cpu/memory size; in one zone or all zones of the region; on demand or as spot.
 *
 * @param zoneId one zone, or null for every zone of the region
 * @param kind what {@code name} names
 * @param name the instance type (e.g. {@code ecs.c6.large}) or family (e.g. {@code ecs.c6}); null with a size
 * @param cpu vCPUs of the size (with {@code memory}, instead of a name; instance types only)
 * @param memory GiB of the size
 * @param spot spot strategy; spot asks need an instance type or a size
 * @param spotPriceLimit highest acceptable spot price per hour, with {@link SpotStrategy#PRICE_LIMIT}
 */
public record StockQuery(
        String zoneId, Kind kind, String name, Double cpu, Double memory, SpotStrategy spot, Double spotPriceLimit) {

    /** Instance types or instance families. */
    public enum Kind {
        INSTANCE_TYPE,
        INSTANCE_FAMILY
    }

    public StockQuery {
        spot = spot == null ? SpotStrategy.NONE : spot;
        if (kind == null) {
            throw new IllegalArgumentException("a stock query names an instance type or a family");
        }
        if (name == null && (cpu == null || memory == null || kind == Kind.INSTANCE_FAMILY)) {
            throw new IllegalArgumentException("a stock query needs a type or family name, or an instance type size");
        }
        if (spot != SpotStrategy.NONE && kind != Kind.INSTANCE_TYPE) {
            throw new IllegalArgumentException("spot stock is asked per instance type");
        }
        if (spot == SpotStrategy.PRICE_LIMIT && spotPriceLimit == null) {
            throw new IllegalArgumentException("a spot price limit is needed with PRICE_LIMIT");
        }
    }

    public static StockQuery instanceType(String type) {
        return new StockQuery(null, Kind.INSTANCE_TYPE, type, null, null, SpotStrategy.NONE, null);
    }

    public static StockQuery family(String family) {
        return new StockQuery(null, Kind.INSTANCE_FAMILY, family, null, null, SpotStrategy.NONE, null);
    }

    /** Every instance type of exactly this size. */
    public static StockQuery size(double cpu, double memory) {
        return new StockQuery(null, Kind.INSTANCE_TYPE, null, cpu, memory, SpotStrategy.NONE, null);
    }

    public StockQuery inZone(String zone) {
        return new StockQuery(zone, kind, name, cpu, memory, spot, spotPriceLimit);
    }

    public StockQuery asSpot(SpotStrategy strategy, Double priceLimitPerHour) {
        return new StockQuery(zoneId, kind, name, cpu, memory, strategy, priceLimitPerHour);
    }
}
