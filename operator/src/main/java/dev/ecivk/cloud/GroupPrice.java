package dev.ecivk.cloud;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;
import dev.ecivk.provider.model.SpotStrategy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.Optional;

/**
 * What one group costs per hour, and what it would cost on demand (the same for a pay-as-you-go group; for a spot
 * group the difference is what spot saves). Pure.
 *
 * @param currency e.g. CNY
 * @param perHour what the group is billed per hour
 * @param onDemandPerHour what the same group costs pay-as-you-go
 * @param spot whether it runs on spot capacity
 * @param zoneId the group's zone
 * @param instanceType the instance type priced (the spot price's for a spot group), or null
 */
public record GroupPrice(
        String currency, double perHour, double onDemandPerHour, boolean spot, String zoneId, String instanceType) {

    /** Prices are per second with up to 8 decimals; per hour, 6 decimals keep every digit that matters. */
    static final int DECIMALS = 6;

    /** What spot saves per hour (0 for a pay-as-you-go group). */
    public double savingsPerHour() {
        return spot ? Math.max(0, onDemandPerHour - perHour) : 0;
    }

    /**
     * The quote that prices a group: a pay-as-you-go group by its instance type when it has one, else by its cpu and
     * memory; a spot group the same way with spot prices, whose market price per zone and type is asked for (the
     * price limit caps what it may cost, not what it does). Empty when the group reports neither a type nor a size.
     */
    static Optional<PriceRequest> requestFor(ContainerGroupState g) {
        boolean hasType = g.instanceType() != null && !g.instanceType().isBlank();
        boolean hasSize = g.cpu() != null && g.cpu() > 0 && g.memory() != null && g.memory() > 0;
        PriceRequest.Builder b = PriceRequest.builder();
        if (g.isSpot()) {
            b.spot(SpotStrategy.MARKET, null);
            if (hasType) {
                return Optional.of(b.instanceType(g.instanceType()).build());
            }
        } else if (hasType) {
            return Optional.of(b.instanceType(g.instanceType()).build());
        }
        if (!hasSize) {
            return Optional.empty();
        }
        return Optional.of(b.cpu(g.cpu()).memory(g.memory()).build());
    }

    /**
     * The group's price from its quote: on demand the quote's price per second × 3600; spot the spot price of its
     * zone and instance type (the cheapest of its zone when the type is not listed, the on-demand price when no spot
     * price is).
     */
    static GroupPrice of(ContainerGroupState g, PriceQuote quote) {
        double onDemand = round(quote.perHour());
        String currency = quote.currency() == null ? "" : quote.currency();
        if (!g.isSpot()) {
            return new GroupPrice(currency, onDemand, onDemand, false, g.zoneId(), g.instanceType());
        }
        Optional<PriceQuote.SpotPrice> spot = quote.spotPrices().stream()
                .filter(p -> p.zoneId() != null && p.zoneId().equals(g.zoneId()))
                .filter(p -> p.instanceType() != null && p.instanceType().equals(g.instanceType()))
                .findFirst()
                .or(() -> quote.spotPrices().stream()
                        .filter(p -> p.zoneId() != null && p.zoneId().equals(g.zoneId()))
                        .min(Comparator.comparingDouble(PriceQuote.SpotPrice::spotPerHour)));
        return spot.map(p ->
                        new GroupPrice(currency, round(p.spotPerHour()), onDemand, true, g.zoneId(), p.instanceType()))
                .orElseGet(() -> new GroupPrice(currency, onDemand, onDemand, true, g.zoneId(), g.instanceType()));
    }

    /** A price as the Pod's annotation shows it: {@code 0.441072 CNY}. */
    public static String text(double perHour, String currency) {
        String amount = BigDecimal.valueOf(perHour)
                .setScale(DECIMALS, RoundingMode.HALF_UP)
                .stripTrailingZeros()
                .toPlainString();
        return currency == null || currency.isEmpty() ? amount : amount + " " + currency;
    }

    static double round(double v) {
        return BigDecimal.valueOf(v).setScale(DECIMALS, RoundingMode.HALF_UP).doubleValue();
    }
}
