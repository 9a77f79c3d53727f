package dev.ecivk.provider.vm;

import dev.ecivk.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each zone's instance types, fetched from the cloud at most once per TTL: a burst of launches costs one catalogue
 * call per zone, not one per Pod. A failed refresh keeps serving the previous catalogue while there is one.
 */
final class InstanceTypeCatalogue {
    private final VmCloud cloud;
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Cached> byZone = new ConcurrentHashMap<>();

    private record Cached(List<InstanceTypeOffer> offers, Instant fetchedAt) {}

    InstanceTypeCatalogue(VmCloud cloud, Duration ttl, Clock clock) {
        this.cloud = cloud;
        this.ttl = ttl;
        this.clock = clock;
    }

    List<InstanceTypeOffer> offers(String zoneId) throws ProviderException {
        Cached cached = byZone.get(zoneId);
        Instant now = clock.instant();
        if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
            return cached.offers();
        }
        synchronized (this) {
            cached = byZone.get(zoneId);
            if (cached != null && cached.fetchedAt().plus(ttl).isAfter(now)) {
                return cached.offers();
            }
            try {
                List<InstanceTypeOffer> offers = List.copyOf(cloud.instanceTypes(zoneId));
                byZone.put(zoneId, new Cached(offers, now));
                return offers;
            } catch (ProviderException e) {
                if (cached != null && e.isRetryable()) {
                    return cached.offers();
                }
                throw e;
            }
        }
    }
}
