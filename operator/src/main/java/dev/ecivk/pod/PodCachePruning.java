package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.javaoperatorsdk.operator.processing.event.source.informer.TransformingItemStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the Pod informer's cache keeps of each Pod: all of it but what the apiserver and kubectl add for their own
 * bookkeeping and nothing here reads, {@code metadata.managedFields} (every writer's field set, often a third of a
 * Pod's JSON) and the {@code kubectl.kubernetes.io/last-applied-configuration} annotation (a second copy of the Pod
 * as last applied). With 10,000 Pods on a node the cache is most of the controller's heap, so what it holds is paid
 * 10,000 times. Spec and status stay whole: creating a group reads the whole spec, the kubelet API and the status
 * code read both.
 */
final class PodCachePruning implements UnaryOperator<Pod> {
    static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /** The item store the Pod informer caches into: a Pod goes in pruned, so every reader sees it pruned. */
    static TransformingItemStore<Pod> itemStore() {
        return new TransformingItemStore<>(new PodCachePruning());
    }

    /** Prunes {@code pod} in place (the informer's own freshly decoded copy) and returns it. */
    @Override
    public Pod apply(Pod pod) {
        ObjectMeta metadata = pod.getMetadata();
        if (metadata == null) {
            return pod;
        }
        metadata.setManagedFields(null);
        Map<String, String> annotations = metadata.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            annotations.remove(LAST_APPLIED);
        }
        return pod;
    }
}
