package dev.ecivk.provider.alibaba;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketListener;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client-side rate limits per Alibaba Cloud action (Bucket4j token buckets sized to the product's quotas), shared by
 * every thread of one client: a caller over the limit waits, up to a bound, instead of drawing {@code Throttling}
 * from the cloud. Every wait is reported. Meant for every Alibaba Cloud product client of the project.
 */
public final class AlibabaRateLimiter {

    /** Told about a caller that waited for (or gave up waiting for) a permit. */
    @FunctionalInterface
    public interface WaitListener {
        void onWait(String action, long waitNanos);
    }

    private final Map<String, Integer> perMinute;
    private final int defaultPerMinute;
    private final double scale;
    private final Duration maxWait;
    private final WaitListener listener;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param perMinute the product's quota per action, calls per minute
     * @param defaultPerMinute the quota of an action missing from the table
     * @param scale multiplies every quota; 0 or less disables limiting
     * @param maxWait the longest a caller waits for a permit
     */
    public AlibabaRateLimiter(
            Map<String, Integer> perMinute,
            int defaultPerMinute,
            double scale,
            Duration maxWait,
            WaitListener listener) {
        this.perMinute = Map.copyOf(perMinute);
        this.defaultPerMinute = defaultPerMinute;
        this.scale = scale;
        this.maxWait = maxWait;
        this.listener = listener;
    }

    /** Waits for a permit; false when none came within the bound (the caller fails the call as throttled). */
    public boolean acquire(String action) throws InterruptedException {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            return true;
        }
        Bucket bucket = buckets.computeIfAbsent(action, this::bucket);
        // a blocking consume needs a positive bound; without one a caller takes a permit if there is one, or fails
        return maxWait.isZero() || maxWait.isNegative()
                ? bucket.tryConsume(1)
                : bucket.asBlocking().tryConsume(1, maxWait);
    }

    /** Up to one second's worth of calls in a burst (at least one), refilled continuously. */
    private Bucket bucket(String action) {
        long quota = Math.max(1, Math.round(perMinute.getOrDefault(action, defaultPerMinute) * scale));
        long burst = Math.max(1, quota / 60);
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(quota, Duration.ofMinutes(1)))
                .build()
                .toListenable(new Waits(action));
    }

    /** Reports parked and rejected callers of one action. */
    private final class Waits implements BucketListener {
        private final String action;

        Waits(String action) {
            this.action = action;
        }

        @Override
        public void onConsumed(long tokens) {}

        @Override
        public void onRejected(long tokens) {
            listener.onWait(action, maxWait.toNanos());
        }

        @Override
        public void onParked(long nanos) {
            listener.onWait(action, nanos);
        }

        @Override
        public void onInterrupted(InterruptedException e) {}

        @Override
        public void onDelayed(long nanos) {}
    }
}
