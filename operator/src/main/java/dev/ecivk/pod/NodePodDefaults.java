package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A virtual node's Pod defaults, expressed as the ACK annotations the translator already understands (so their
 * values are validated in one place), plus {@value #IMAGE_CACHE}: the name of an ImageCache whose id becomes the
 * Pod's {@code k8s.aliyun.com/eci-imc-id}.
 */
public final class NodePodDefaults implements PodDefaulting {
    /** Names an ImageCache object; the Pod starts from its snapshot once it is Ready. */
    public static final String IMAGE_CACHE = "ecivk.dev/image-cache";

    static final String IMC_ID = "k8s.aliyun.com/eci-imc-id";
    static final String AUTO_IMC = "k8s.aliyun.com/eci-auto-imc";

    private final Supplier<Map<String, String>> annotationDefaults;
    private final Function<String, Optional<ImageCacheView>> imageCaches;

    /** An ImageCache as a Pod needs it: its phase and cloud id. */
    public record ImageCacheView(String phase, String imageCacheId) {}

    /**
     * @param annotationDefaults read on every create, so edits of the node's defaults apply to new Pods
     * @param imageCaches looks an ImageCache up by name
     */
    public NodePodDefaults(
            Supplier<Map<String, String>> annotationDefaults, Function<String, Optional<ImageCacheView>> imageCaches) {
        this.annotationDefaults = annotationDefaults;
        this.imageCaches = imageCaches;
    }

    @Override
    public Defaulted apply(Pod pod) {
        Map<String, String> own = pod.getMetadata().getAnnotations() == null
                ? Map.of()
                : pod.getMetadata().getAnnotations();
        Map<String, String> merged = new LinkedHashMap<>(own);
        annotationDefaults.get().forEach(merged::putIfAbsent);
        String cacheName = own.get(IMAGE_CACHE);
        if (cacheName != null && !own.containsKey(IMC_ID)) {
            Optional<ImageCacheView> cache = imageCaches.apply(cacheName);
            if (cache.isEmpty()) {
                return Defaulted.waitFor(
                        EventReason.ImageCacheNotReady,
                        "ImageCache \"" + cacheName + "\" (annotation " + IMAGE_CACHE + ") does not exist");
            }
            if (!"Ready".equals(cache.get().phase()) || cache.get().imageCacheId() == null) {
                return Defaulted.waitFor(
                        EventReason.ImageCacheNotReady,
                        "ImageCache \"" + cacheName + "\" is " + cache.get().phase() + ", not Ready");
            }
            merged.put(IMC_ID, cache.get().imageCacheId());
            merged.remove(AUTO_IMC); // an explicit cache wins over auto-matching
        }
        if (merged.equals(own)) {
            return Defaulted.as(pod);
        }
        return Defaulted.as(new PodBuilder(pod)
                .editMetadata()
                .withAnnotations(merged)
                .endMetadata()
                .build());
    }
}
