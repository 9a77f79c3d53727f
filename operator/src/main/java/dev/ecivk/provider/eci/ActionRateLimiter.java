package dev.ecivk.provider.eci;

import dev.ecivk.eci.contract.EciQuotas;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client-side rate limits per ECI action, sized to ECI's quotas ({@link EciQuotas}) and shared by every thread of one
 * provider. A caller over the limit waits (up to a bound) for its turn instead of failing; each wait is counted.
 */
final class ActionRateLimiter {
    private final double scale;
    private final Duration maxWait;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> throttledWaits = new ConcurrentHashMap<>();
    private final EciCallListener listener;

    /**
     * @param scale multiplies every quota; 0 or less disables limiting
     * @param maxWait longest a caller waits for a permit
     */
    ActionRateLimiter(double scale, Duration maxWait) {
        this(scale, maxWait, EciCallListener.NONE);
    }

    ActionRateLimiter(double scale, Duration maxWait, EciCallListener listener) {
        this.scale = scale;
        this.maxWait = maxWait;
        this.listener = listener;
    }

    /**
     * Waits for a permit for {@code action}.
     *
     * @return false when no permit came within the bound (the caller fails the call as throttled)
     */
    boolean acquire(String action) throws InterruptedException {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            return true;
        }
        double perMinute = EciQuotas.of(action).perMinute() * scale;
        Bucket bucket = buckets.computeIfAbsent(action, a -> new Bucket(perMinute));
        long waitNanos = bucket.reserve(System.nanoTime(), maxWait.toNanos());
        if (waitNanos < 0) {
            throttledWaits.computeIfAbsent(action, a -> new LongAdder()).increment();
            listener.onThrottleWait(action, maxWait.toNanos());
            return false;
        }
        if (waitNanos > 0) {
            throttledWaits.computeIfAbsent(action, a -> new LongAdder()).increment();
            listener.onThrottleWait(action, waitNanos);
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
        return true;
    }

    /** How many calls of {@code action} had to wait (or gave up waiting). */
    long throttledWaits(String action) {
        LongAdder a = throttledWaits.get(action);
        return a == null ? 0 : a.sum();
    }

    Map<String, Long> throttledWaits() {
        Map<String, Long> out = new java.util.TreeMap<>();
        throttledWaits.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /**
     * A token bucket holding up to one second's worth of calls (at least one), refilled continuously; a
     * reservation may borrow future tokens, which makes callers queue fairly.
     */
    private static final class Bucket {
        private final double capacity;
        private final double nanosPerToken;
        private double tokens;
        private long last;

        Bucket(double perMinute) {
            this.capacity = Math.max(1.0, perMinute / 60.0);
            this.nanosPerToken = 60e9 / perMinute;
            this.tokens = capacity;
            this.last = System.nanoTime();
        }

        /** Nanoseconds to wait for the reserved token, or -1 if that is longer than {@code maxWaitNanos}. */
        synchronized long reserve(long now, long maxWaitNanos) {
            tokens = Math.min(capacity, tokens + (now - last) / nanosPerToken);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            long wait = (long) Math.ceil((1 - tokens) * nanosPerToken);
            if (wait > maxWaitNanos) {
                return -1;
            }
            tokens -= 1;
            return wait;
        }
    }
}
