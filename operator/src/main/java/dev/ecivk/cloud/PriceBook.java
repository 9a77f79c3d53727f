package dev.ecivk.cloud;

import dev.ecivk.provider.PriceQuotes;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.PriceQuote;
import dev.ecivk.provider.model.PriceRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What the groups cost (ECI's DescribeContainerGroupPrice), one quote per distinct size and billing, shared by every
 * node of one backend: a burst of a thousand Pods of one Deployment costs one call.
 */
public final class PriceBook {
    /** How long a failed quote is remembered before its groups are priced again. */
    static final Duration FAILURE_TTL = Duration.ofSeconds(30);

    private final SingleFlightCache<PriceRequest, PriceQuote> quotes;

    public PriceBook(PriceQuotes prices, Duration ttl, Clock clock) {
        this.quotes = new SingleFlightCache<>(prices::quote, ttl, FAILURE_TTL, clock);
    }

    /** The price of a group as the cloud describes it; empty when the group does not say enough to price it. */
    public Optional<GroupPrice> price(ContainerGroupState group) throws ProviderException {
        Optional<PriceRequest> request = GroupPrice.requestFor(group);
        if (request.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(GroupPrice.of(group, quotes.get(request.get())));
    }
}
