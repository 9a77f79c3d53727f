package dev.ecivk.simulator;

/**
 * A request's spot settings ({@code SpotStrategy}, {@code SpotPriceLimit} per hour, {@code SpotDuration}), checked
 * as ECI does: {@code SpotWithPriceLimit} needs a limit, unknown strategies are invalid.
 */
record Spot(String strategy, Double priceLimit, Integer duration) {

    /** Reads {@code <prefix>SpotStrategy} etc. ({@code ""} for Price, {@code "SpotResource."} for stock). */
    static Spot parse(ApiCall call, String prefix) {
        String strategy = call.param(prefix + "SpotStrategy");
        if (strategy == null) {
            strategy = "NoSpot";
        }
        if (!strategy.equals("NoSpot") && !strategy.equals("SpotWithPriceLimit") && !strategy.equals("SpotAsPriceGo")) {
            throw EciApiException.invalid(
                    "The parameter " + prefix + "SpotStrategy must be NoSpot, SpotWithPriceLimit or SpotAsPriceGo.");
        }
        FlatParams.Node node = call.tree();
        if (!prefix.isEmpty()) {
            node = node.child(prefix.substring(0, prefix.length() - 1));
        }
        Double limit = node == null ? null : node.number("SpotPriceLimit");
        Integer duration = node == null ? null : node.integer("SpotDuration");
        if (strategy.equals("SpotWithPriceLimit") && limit == null) {
            throw EciApiException.missing(prefix + "SpotPriceLimit");
        }
        return new Spot(strategy, limit, duration);
    }

    boolean isSpot() {
        return !strategy.equals("NoSpot");
    }

    /** Whether a spot price per hour is acceptable (always, unless a price limit is set below it). */
    boolean withinLimit(double spotPricePerHour) {
        return !strategy.equals("SpotWithPriceLimit") || spotPricePerHour <= priceLimit;
    }
}
