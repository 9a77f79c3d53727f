package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciQuotas;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ECI's per-action request quotas ({@link EciQuotas}), as token buckets that hold one window's calls and refill
 * continuously. Over quota the call fails with {@code Throttling}.
 */
final class ActionQuotas {
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
        double perMinute = EciQuotas.of(action).perMinute() * scale;
        double capacity = EciQuotas.of(action).calls() * scale;
        return buckets.computeIfAbsent(action, a -> new Bucket(Math.max(1.0, capacity), perMinute / 60e9, nowNanos))
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
