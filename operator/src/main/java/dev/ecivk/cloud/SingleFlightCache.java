package dev.ecivk.cloud;

import dev.ecivk.provider.ProviderException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Answers of a cloud call by key, each kept for a while, with at most one call in flight per key: during a burst of
 * creates every Pod of one size waits for the same call instead of making its own. A failed call is remembered
 * briefly too (its failure, not an answer), so a throttled cloud is not asked again by every waiting Pod.
 */
final class SingleFlightCache<K, V> {
    /** Loads one key's answer from the cloud. */
    interface Loader<K, V> {
        V load(K key) throws ProviderException;
    }

    /** Beyond this many keys the cache starts afresh: keys are sizes and billing modes, a few dozen in practice. */
    static final int MAX_KEYS = 1024;

    private record Entry<V>(CompletableFuture<V> answer, Instant expires) {}

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Loader<K, V> loader;
    private final Duration ttl;
    private final Duration failureTtl;
    private final Clock clock;

    SingleFlightCache(Loader<K, V> loader, Duration ttl, Duration failureTtl, Clock clock) {
        this.loader = loader;
        this.ttl = ttl;
        this.failureTtl = failureTtl;
        this.clock = clock;
    }

    /** The answer for {@code key}: cached, being loaded by another caller (waited for), or loaded now. */
    V get(K key) throws ProviderException {
        Instant now = clock.instant();
        CompletableFuture<V> mine = new CompletableFuture<>();
        Entry<V> entry = entries.compute(key, (k, e) -> {
            if (e != null && (!e.answer().isDone() || now.isBefore(e.expires()))) {
                return e;
            }
            return new Entry<>(mine, Instant.MAX);
        });
        if (entry.answer() == mine) {
            if (entries.size() > MAX_KEYS) {
                entries.keySet().removeIf(k -> !k.equals(key));
            }
            load(key, mine);
        }
        try {
            return entry.answer().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException(
                    dev.ecivk.provider.FailureClass.TRANSIENT, "Interrupted", "cache", "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProviderException p) {
                throw p;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void load(K key, CompletableFuture<V> mine) {
        try {
            V value = loader.load(key);
            entries.computeIfPresent(
                    key,
                    (k, e) -> e.answer() == mine
                            ? new Entry<>(mine, clock.instant().plus(ttl))
                            : e);
            mine.complete(value);
        } catch (ProviderException | RuntimeException e) {
            entries.computeIfPresent(
                    key,
                    (k, en) -> en.answer() == mine
                            ? new Entry<>(mine, clock.instant().plus(failureTtl))
                            : en);
            mine.completeExceptionally(e);
        }
    }

    /** Forgets the answer for {@code key}: the next {@link #get} asks the cloud again. */
    void invalidate(K key) {
        entries.computeIfPresent(key, (k, e) -> e.answer().isDone() ? null : e);
    }
}
