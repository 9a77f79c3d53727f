package dev.ecivk.provider.model;

import java.util.List;

/**
 * What a configuration costs, per second (the cloud bills per second), and what spot capacity costs per hour.
 *
 * @param currency e.g. CNY or USD
 * @param perSecond the price to pay per second, after discounts
 * @param originalPerSecond before discounts
 * @param discountPerSecond the discount ({@code originalPerSecond - perSecond})
 * @param components the price per resource (e.g. cpu, memory, or the instance type), per second after discounts
 * @param spotPrices spot prices per zone and instance type, per hour (only for spot requests)
 */
public record PriceQuote(
        String currency,
        double perSecond,
        double originalPerSecond,
        double discountPerSecond,
        List<Component> components,
        List<SpotPrice> spotPrices) {

    public PriceQuote {
        components = components == null ? List.of() : List.copyOf(components);
        spotPrices = spotPrices == null ? List.of() : List.copyOf(spotPrices);
    }

    /** The price of one resource, per second after discounts. */
    public record Component(String resource, double perSecond) {}

    /** Spot versus on-demand price of one instance type in one zone, per hour. */
    public record SpotPrice(String zoneId, String instanceType, double onDemandPerHour, double spotPerHour) {}

    public double perHour() {
        return perSecond * 3600;
    }
}
