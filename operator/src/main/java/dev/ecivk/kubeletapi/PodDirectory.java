package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's Pods as the kubelet API sees them, and the container group that runs each. The node's runtime
 * implements it from the Pod informer's cache and the group snapshot; the default reads the group id from the
 * annotation older versions wrote.
 */
public interface PodDirectory {

    /** The annotation on a Pod that names the provider's container group running it. */
    String CONTAINER_GROUP_ID_ANNOTATION = "ecivk.dev/container-group-id";

    /** Every Pod bound to this node, as last seen. */
    List<Pod> pods();

    /** One Pod of this node by namespace and name. */
    default Optional<Pod> find(String namespace, String name) {
        return pods().stream()
                .filter(pod -> namespace.equals(pod.getMetadata().getNamespace())
                        && name.equals(pod.getMetadata().getName()))
                .findFirst();
    }

    /** The id of the container group running the Pod; empty while none was created yet. */
    default Optional<String> containerGroupId(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        if (annotations == null) {
            return Optional.empty();
        }
        String id = annotations.get(CONTAINER_GROUP_ID_ANNOTATION);
        return id == null || id.isBlank() ? Optional.empty() : Optional.of(id);
    }
}
