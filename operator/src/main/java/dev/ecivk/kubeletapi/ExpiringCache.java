package dev.ecivk.kubeletapi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A small bounded cache whose entries expire, each after its own time to live. */
final class ExpiringCache<K, V> {
    private record Entry<V>(V value, Instant expiresAt) {}

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Clock clock;

    ExpiringCache(int maxEntries, Clock clock) {
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    Optional<V> get(K key) {
        Entry<V> entry = entries.get(key);
        if (entry == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return Optional.empty();
        }
        return Optional.of(entry.value());
    }

    void put(K key, V value, Duration ttl) {
        if (entries.size() >= maxEntries) {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (entries.size() >= maxEntries) {
                // still full of live entries: start over rather than grow without bound
                entries.clear();
            }
        }
        entries.put(key, new Entry<>(value, clock.instant().plus(ttl)));
    }

    int size() {
        return entries.size();
    }
}
