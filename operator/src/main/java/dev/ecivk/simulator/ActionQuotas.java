package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciQuotas;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Per-action request quotas of an embedded cloud (ECI's from {@link EciQuotas} unless a table is given), as token
 * buckets that hold one window's calls and refill continuously. Over quota the call fails with {@code Throttling}.
 */
public final class ActionQuotas {
    /** calls per minute of an action. */
    private final ToDoubleFunction<String> perMinute;
    /** calls a bucket holds (one window's). */
    private final ToDoubleFunction<String> capacity;

    private final double scale;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** ECI's quotas. */
    ActionQuotas(double scale) {
        this(a -> EciQuotas.of(a).perMinute(), a -> EciQuotas.of(a).calls(), scale);
    }

    /**
     * Another cloud's quotas, per minute.
     *
     * @param perMinute calls per minute per action
     * @param defaultPerMinute the quota of an action not in the table
     * @param scale multiplies every quota; 0 or less disables them
     */
    public ActionQuotas(Map<String, Integer> perMinute, int defaultPerMinute, double scale) {
        this(a -> perMinute.getOrDefault(a, defaultPerMinute), a -> perMinute.getOrDefault(a, defaultPerMinute), scale);
    }

    private ActionQuotas(ToDoubleFunction<String> perMinute, ToDoubleFunction<String> capacity, double scale) {
        this.perMinute = perMinute;
        this.capacity = capacity;
        this.scale = scale;
    }

    /** Takes one token; false when the action is over quota. */
    boolean tryAcquire(String action, long nowNanos) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            return true;
        }
        double rate = perMinute.applyAsDouble(action) * scale;
        double size = capacity.applyAsDouble(action) * scale;
        return buckets.computeIfAbsent(action, a -> new Bucket(Math.max(1.0, size), rate / 60e9, nowNanos))
                .tryAcquire(nowNanos);
    }

    public void reset() {
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
