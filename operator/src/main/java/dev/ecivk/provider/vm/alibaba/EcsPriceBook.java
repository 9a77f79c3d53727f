package dev.ecivk.provider.vm.alibaba;

import dev.ecivk.provider.ProviderException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hourly prices per instance type, fetched one DescribePrice call at a time on a background thread and reused for a
 * while. ECS has no bulk price call and a zone sells hundreds of types, so a launch never waits for prices: the
 * catalogue carries the prices known so far (the chooser falls back to the smallest fitting type where one is
 * missing) and asks for the rest, smallest types first.
 */
final class EcsPriceBook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcsPriceBook.class);

    /** Fetches one type's price; null when the cloud has none. */
    @FunctionalInterface
    interface PriceSource {
        Double price(String zoneId, String instanceType) throws ProviderException;
    }

    private record Entry(Double price, long fetchedAtNanos) {}

    private final PriceSource source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Entry> prices = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService fetcher;
    private volatile boolean disabled;
    private volatile long disabledUntilNanos;

    EcsPriceBook(PriceSource source, Duration ttl, LongSupplier nanoClock) {
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.fetcher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ecs-price-book");
            t.setDaemon(true);
            return t;
        });
    }

    /** The known price of a type (possibly stale), or null. */
    Double price(String instanceType) {
        Entry e = prices.get(instanceType);
        return e == null ? null : e.price();
    }

    /** Queues a fetch for every type (in the given order) whose price is missing or older than the TTL. */
    void refresh(String zoneId, Collection<String> instanceTypes) {
        long now = nanoClock.getAsLong();
        if (disabled && now - disabledUntilNanos < 0) {
            return;
        }
        List<String> due = new ArrayList<>();
        for (String type : instanceTypes) {
            Entry e = prices.get(type);
            if ((e == null || now - e.fetchedAtNanos() > ttlNanos) && queued.add(type)) {
                due.add(type);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        try {
            fetcher.execute(() -> fetch(zoneId, due));
        } catch (RejectedExecutionException closed) {
            queued.removeAll(due);
        }
    }

    private void fetch(String zoneId, List<String> types) {
        try {
            for (String type : types) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                try {
                    prices.put(type, new Entry(source.price(zoneId, type), nanoClock.getAsLong()));
                } catch (ProviderException e) {
                    if (!e.isRetryable()) {
                        // no permission for prices (NoPermission.Price) or no price for this account: stop asking
                        // for a TTL rather than once per type
                        disabledUntilNanos = nanoClock.getAsLong() + ttlNanos;
                        disabled = true;
                        LOG.warn("ECS prices unavailable ({}); choosing the smallest fitting types", e.code());
                        return;
                    }
                    LOG.debug("ECS price of {} not fetched: {}", type, e.code());
                } catch (RuntimeException e) {
                    // an answer the SDK could not read: skip the type, keep the thread
                    LOG.warn("ECS price of {} not readable: {}", type, e.toString());
                }
            }
        } finally {
            queued.removeAll(types);
        }
    }

    @Override
    public void close() {
        fetcher.shutdownNow();
    }
}
