package dev.ecivk.cloud;

import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.StockQuery;
import dev.ecivk.provider.model.ZoneStock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stock per zone for the sizes Pods ask (ECI's DescribeAvailableResource), shared by every node of one backend: one
 * call per size and TTL however many Pods are created, and a zone where a create just met no stock counted out for
 * that size for a TTL whatever the cached answer said, while the next placement asks the cloud afresh.
 */
public final class ZoneStockCache {
    /** How long a failed stock call is remembered; its Pods are placed without stock knowledge meanwhile. */
    static final Duration FAILURE_TTL = Duration.ofSeconds(5);

    private final SingleFlightCache<StockQuery, List<ZoneStock>> answers;
    private final Map<StockQuery, Map<String, Instant>> outUntil = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    public ZoneStockCache(StockLevels stock, Duration ttl, Clock clock) {
        this.answers = new SingleFlightCache<>(stock::stock, ttl, FAILURE_TTL, clock);
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * Each zone's best stock level for the query; empty when nothing is known (the call failed, or the cloud names no
     * zone for it, e.g. a size no instance type has). A zone the answer leaves out does not sell it.
     */
    public Optional<Map<String, ZoneStock.Level>> levels(StockQuery query) {
        List<ZoneStock> answer;
        try {
            answer = answers.get(query);
        } catch (ProviderException e) {
            return Optional.empty();
        }
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        Map<String, ZoneStock.Level> best = new HashMap<>();
        for (ZoneStock z : answer) {
            best.merge(z.zoneId(), z.level(), (a, b) -> a.ordinal() <= b.ordinal() ? a : b);
        }
        Map<String, Instant> out = outUntil.get(query);
        if (out != null) {
            Instant now = clock.instant();
            out.entrySet().removeIf(e -> !now.isBefore(e.getValue()));
            out.keySet().forEach(zone -> best.put(zone, ZoneStock.Level.OUT_OF_STOCK));
        }
        return Optional.of(best);
    }

    /** A create for {@code query} met no stock in {@code zone}: out for a TTL, and the next placement asks again. */
    public void noStock(StockQuery query, String zone) {
        if (outUntil.size() > SingleFlightCache.MAX_KEYS) {
            outUntil.clear();
        }
        outUntil.computeIfAbsent(query, k -> new ConcurrentHashMap<>())
                .put(zone, clock.instant().plus(ttl));
        answers.invalidate(query);
    }
}
