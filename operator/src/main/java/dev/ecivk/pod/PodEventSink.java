package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;

/** Where the Pod reconciler reports what happened; implementations deduplicate and never throw. */
public interface PodEventSink {

    void record(Pod pod, EventReason reason, String message);

    /** An event the provider recorded for the container group or one of its containers. */
    void forward(Pod pod, GroupEvent event);
}
