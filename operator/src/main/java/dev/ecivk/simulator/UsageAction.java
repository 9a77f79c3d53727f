package dev.ecivk.simulator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * ListUsage in its current shape (eci-api-newer.md §3.5): vCPUs of the groups that have not ended against the
 * account's quota (settable through {@code POST /_sim/usage}), manually created image caches against 500, and the
 * automatic image-cache and data-cache counts (none are created here) against ECI's example quotas.
 */
final class UsageAction implements ActionHandler {
    static final int MAX_IMAGE_CACHES = 500;
    static final int MAX_AUTO_IMAGE_CACHES = 25;
    static final int MAX_DATA_CACHES = 100;

    private final GroupStore store;
    private final IntSupplier imageCaches;

    UsageAction(GroupStore store, IntSupplier imageCaches) {
        this.store = store;
        this.imageCaches = imageCaches;
    }

    @Override
    public Map<String, Object> handle(ApiCall call) {
        return Map.of("Attributes", attributes());
    }

    Map<String, Object> attributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("UsedCpu", number(store.usedCpu()));
        a.put("MaxCpu", number(store.maxCpu()));
        a.put("UsedImageCacheCount", imageCaches.getAsInt());
        a.put("MaxImageCacheCount", MAX_IMAGE_CACHES);
        a.put("UsedAutoImageCacheCount", 0);
        a.put("MaxAutoImageCacheCount", MAX_AUTO_IMAGE_CACHES);
        a.put("UsedDataCacheCount", 0);
        a.put("MaxDataCacheCount", MAX_DATA_CACHES);
        return a;
    }

    /** Whole numbers as integers ({@code 1000}), fractions as they are ({@code 16.5}), as ECI's example shows. */
    static Number number(double v) {
        return v == Math.rint(v) && Math.abs(v) < Long.MAX_VALUE ? (Number) (long) v : (Number) v;
    }
}
