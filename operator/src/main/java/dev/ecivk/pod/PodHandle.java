package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;

/**
 * A Pod reduced to what names it (namespace, name, UID, the resourceVersion it was seen at), for work queued behind a
 * reconcile: an Event to write, a price to annotate. Queued with the whole Pod, each task would keep that version of
 * it alive after the informer's cache replaced it, and a burst of 10,000 Pods queues tens of thousands of them.
 */
final class PodHandle {
    private PodHandle() {}

    static Pod of(Pod pod) {
        Pod handle = new Pod();
        handle.setApiVersion(pod.getApiVersion());
        handle.setKind(pod.getKind());
        if (pod.getMetadata() != null) {
            handle.setMetadata(new ObjectMetaBuilder()
                    .withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName())
                    .withUid(pod.getMetadata().getUid())
                    .withResourceVersion(pod.getMetadata().getResourceVersion())
                    .build());
        }
        return handle;
    }
}
