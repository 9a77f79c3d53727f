package dev.ecivk.provider.model;

/**
 * How much of one instance type or family one zone has.
 *
 * @param zoneId the zone
 * @param resource the instance type or family name
 * @param level its stock level
 */
public record ZoneStock(String zoneId, String resource, Level level) {

    /** Stock levels, best first. */
    public enum Level {
        /** Plenty: place here. */
        IN_STOCK,
        /** Some, with a weak supply guarantee: prefer an {@link #IN_STOCK} zone. */
        LOW,
        /** Sold out for now; will be replenished. */
        OUT_OF_STOCK,
        /** Sold out and will not be replenished. */
        DISCONTINUED;

        public boolean hasStock() {
            return this == IN_STOCK || this == LOW;
        }
    }
}
