package dev.ecivk.provider.model;

/**
 * A configuration to price: a cpu/memory size or an instance type (which wins when both are given), on demand or
 * spot.
 *
 * @param cpu vCPUs
 * @param memory GiB
 * @param instanceType an instance type, e.g. {@code ecs.c6.large}; null to price cpu/memory
 * @param spot spot strategy; spot prices per zone come with the quote
 * @param spotPriceLimit highest spot price per hour, with {@link SpotStrategy#PRICE_LIMIT}
 * @param spotDurationHours spot protection period in hours (null = the cloud's default of 1; 0 = none)
 * @param zoneId price in this zone only; null = any
 * @param ephemeralStorageGiB extra temporary storage
 * @param economy the economy compute class (cheaper vCPUs; not with spot)
 */
public record PriceRequest(
        Double cpu,
        Double memory,
        String instanceType,
        SpotStrategy spot,
        Double spotPriceLimit,
        Integer spotDurationHours,
        String zoneId,
        Integer ephemeralStorageGiB,
        boolean economy) {

    public PriceRequest {
        spot = spot == null ? SpotStrategy.NONE : spot;
        if (instanceType == null && (cpu == null || memory == null)) {
            throw new IllegalArgumentException("a price request needs cpu and memory, or an instance type");
        }
    }

    /** On demand, by size. */
    public static PriceRequest of(double cpu, double memory) {
        return builder().cpu(cpu).memory(memory).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Double cpu;
        private Double memory;
        private String instanceType;
        private SpotStrategy spot = SpotStrategy.NONE;
        private Double spotPriceLimit;
        private Integer spotDurationHours;
        private String zoneId;
        private Integer ephemeralStorageGiB;
        private boolean economy;

        private Builder() {}

        public Builder cpu(Double v) {
            cpu = v;
            return this;
        }

        public Builder memory(Double v) {
            memory = v;
            return this;
        }

        public Builder instanceType(String v) {
            instanceType = v;
            return this;
        }

        public Builder spot(SpotStrategy strategy, Double priceLimitPerHour) {
            spot = strategy;
            spotPriceLimit = priceLimitPerHour;
            return this;
        }

        public Builder spotDurationHours(Integer v) {
            spotDurationHours = v;
            return this;
        }

        public Builder zoneId(String v) {
            zoneId = v;
            return this;
        }

        public Builder ephemeralStorageGiB(Integer v) {
            ephemeralStorageGiB = v;
            return this;
        }

        public Builder economy(boolean v) {
            economy = v;
            return this;
        }

        public PriceRequest build() {
            return new PriceRequest(
                    cpu,
                    memory,
                    instanceType,
                    spot,
                    spotPriceLimit,
                    spotDurationHours,
                    zoneId,
                    ephemeralStorageGiB,
                    economy);
        }
    }
}
