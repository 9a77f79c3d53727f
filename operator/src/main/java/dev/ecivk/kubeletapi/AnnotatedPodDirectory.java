package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.function.Supplier;

/**
 * A {@link PodDirectory} over a supplied list of Pods (an informer's cache, say); the container group id comes from
 * the {@value PodDirectory#CONTAINER_GROUP_ID_ANNOTATION} annotation.
 */
public final class AnnotatedPodDirectory implements PodDirectory {
    private final Supplier<List<Pod>> pods;

    public AnnotatedPodDirectory(Supplier<List<Pod>> pods) {
        this.pods = pods;
    }

    @Override
    public List<Pod> pods() {
        return List.copyOf(pods.get());
    }
}
