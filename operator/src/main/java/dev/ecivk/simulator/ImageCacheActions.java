package dev.ecivk.simulator;

import dev.ecivk.eci.contract.EciLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CreateImageCache, DescribeImageCaches and DeleteImageCache: a cache is {@code Creating} for the start delay, then
 * {@code Ready}; at most 20 are described per call.
 */
final class ImageCacheActions {
    private final SimulatorSettings settings;
    private final String region;
    private final Map<String, Map<String, Object>> imageCaches = new ConcurrentHashMap<>();
    private final Map<String, Instant> imageCacheCreated = new ConcurrentHashMap<>();

    ImageCacheActions(SimulatorSettings settings) {
        this.settings = settings;
        this.region = settings.region();
    }

    /** Caches created by hand (ListUsage's {@code UsedImageCacheCount}). */
    int count() {
        return imageCaches.size();
    }

    Map<String, Object> create(ApiCall call) {
        call.requireRegion(region);
        call.required("ImageCacheName");
        call.required("SecurityGroupId");
        call.required("VSwitchId");
        FlatParams.Node p = FlatParams.tree(GroupStore.business(call.params()));
        List<String> images = p.strings("Image");
        if (images.isEmpty()) {
            throw EciApiException.missing("Image.1");
        }
        String id = "imc-"
                + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 12);
        Map<String, Object> cache = new LinkedHashMap<>();
        cache.put("ImageCacheId", id);
        cache.put("ImageCacheName", call.param("ImageCacheName"));
        cache.put("ContainerGroupId", "eci-imc-builder-" + id.substring(4));
        cache.put("CreationTime", GroupJson.time(call.now()));
        cache.put("ExpireDateTime", "");
        cache.put("FlashSnapshotId", "");
        Integer size = p.integer("ImageCacheSize");
        cache.put("ImageCacheSize", size == null ? EciLimits.DEFAULT_IMAGE_CACHE_GIB : size);
        cache.put("Images", images);
        cache.put("RegionId", settings.region());
        cache.put("ResourceGroupId", (call.param("ResourceGroupId") == null ? "" : call.param("ResourceGroupId")));
        cache.put("SnapshotId", "s-" + id.substring(4));
        List<Object> tags = new ArrayList<>();
        for (FlatParams.Node t : p.nodes("Tag")) {
            tags.add(Map.of("Key", t.required("Key"), "Value", t.str("Value") == null ? "" : t.str("Value")));
        }
        cache.put("Tags", tags);
        imageCaches.put(id, cache);
        imageCacheCreated.put(id, call.now());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ImageCacheId", id);
        out.put("ContainerGroupId", cache.get("ContainerGroupId"));
        return out;
    }

    Map<String, Object> describe(ApiCall call) {
        call.requireRegion(region);
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> e : new TreeMap<>(imageCaches).entrySet()) {
            Map<String, Object> cache = new LinkedHashMap<>(e.getValue());
            if (call.param("ImageCacheId") != null
                    && !call.param("ImageCacheId").equals(e.getKey())) {
                continue;
            }
            if (call.param("ImageCacheName") != null
                    && !call.param("ImageCacheName").equals(cache.get("ImageCacheName"))) {
                continue;
            }
            if (call.param("Image") != null && !((List<?>) cache.get("Images")).contains(call.param("Image"))) {
                continue;
            }
            Duration age = Duration.between(imageCacheCreated.get(e.getKey()), call.now());
            long delayMillis = Math.max(1, settings.startDelay().toMillis());
            String status = age.toMillis() < delayMillis ? "Creating" : "Ready";
            cache.put("Status", status);
            cache.put(
                    "Progress",
                    status.equals("Ready") ? "100%" : Math.min(99, age.toMillis() * 100 / delayMillis) + "%");
            cache.put("Events", List.of());
            out.add(cache);
            if (out.size() == EciLimits.MAX_IMAGE_CACHES_PER_DESCRIBE) {
                break;
            }
        }
        return Map.of("ImageCaches", out);
    }

    Map<String, Object> delete(ApiCall call) {
        call.requireRegion(region);
        String id = call.required("ImageCacheId");
        if (imageCaches.remove(id) == null) {
            throw EciApiException.notFound("The specified image cache " + id + " is not found.");
        }
        return Map.of();
    }
}
