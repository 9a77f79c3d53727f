package dev.ecivk.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECI's per-action request quotas (calls per minute), as token buckets that refill continuously. Over quota the
 * call fails with {@code Throttling}.
 */
final class ActionQuotas {
    static final Map<String, Integer> PER_MINUTE = Map.ofEntries(
            Map.entry("CreateContainerGroup", 1000),
            Map.entry("DeleteContainerGroup", 1000),
            Map.entry("DescribeContainerGroups", 2000),
            Map.entry("DescribeContainerGroupStatus", 10000),
            Map.entry("DescribeContainerGroupEvents", 10000),
            Map.entry("DescribeRegions", 10000),
            Map.entry("DescribeContainerGroupPrice", 1000),
            Map.entry("DescribeContainerLog", 500),
            Map.entry("ExecContainerCommand", 500),
            Map.entry("UpdateContainerGroup", 500),
            Map.entry("RestartContainerGroup", 500),
            Map.entry("DescribeMultiContainerGroupMetric", 500),
            Map.entry("DescribeContainerGroupMetric", 500),
            Map.entry("CreateImageCache", 200));
    static final int DEFAULT_PER_MINUTE = 1000;

    private final double scale;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ActionQuotas(double scale) {
        this.scale = scale;
    }

    /** Takes one token; false when the action is over quota. */
    boolean tryAcquire(String action, long nowNanos) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            return true;
        }
        double perMinute = PER_MINUTE.getOrDefault(action, DEFAULT_PER_MINUTE) * scale;
        return buckets.computeIfAbsent(action, a -> new Bucket(Math.max(1.0, perMinute), perMinute / 60e9, nowNanos))
                .tryAcquire(nowNanos);
    }

    void reset() {
        buckets.clear();
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last;

        Bucket(double capacity, double perNano, long now) {
            this.capacity = capacity;
            this.perNano = perNano;
            this.tokens = capacity;
            this.last = now;
        }

        synchronized boolean tryAcquire(long now) {
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }
    }
}
