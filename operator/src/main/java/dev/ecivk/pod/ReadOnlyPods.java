package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.config.Cloner;

/**
 * How JOSDK hands a cached Pod to a reconcile: as it is, not a copy. The reconciler never changes a Pod it is given
 * (every write builds a patch or a new object), and JOSDK's default copy, a serialisation round trip per reconcile, was
 * a quarter of the reconcile threads' CPU in a burst. {@code StatusLaneMockTest} checks that cached Pods still equal
 * the apiserver's after a node's Pods were created, ran and were deleted.
 */
public final class ReadOnlyPods {
    /** The cloner for the Pod controller's operator. */
    public static final Cloner CLONER = new Cloner() {
        @Override
        public <R extends HasMetadata> R clone(R object) {
            return object;
        }
    };

    private ReadOnlyPods() {}
}
