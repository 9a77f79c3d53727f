package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * What a node adds to a Pod before translation: its default annotations (only where the Pod did not set them) and
 * the resolution of a named image cache. A Pod can also be told to wait, like one with a missing mandatory ConfigMap.
 */
@FunctionalInterface
public interface PodDefaulting {

    /** No defaults. */
    PodDefaulting NONE = Defaulted::as;

    Defaulted apply(Pod pod);

    /** The Pod to translate, or the reason it must wait. */
    record Defaulted(Pod pod, EventReason waitReason, String waitMessage) {

        public static Defaulted as(Pod pod) {
            return new Defaulted(pod, null, null);
        }

        public static Defaulted waitFor(EventReason reason, String message) {
            return new Defaulted(null, reason, message);
        }

        public boolean waiting() {
            return waitReason != null;
        }
    }
}
