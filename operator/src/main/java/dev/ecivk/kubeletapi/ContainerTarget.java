package dev.ecivk.kubeletapi;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The container a logs or exec request is about, and the container group that runs it, checked as the kubelet
 * checks it: an unknown Pod (or one with another UID) is 404, an unknown container or a Pod whose group does not
 * exist yet is 400.
 */
record ContainerTarget(Pod pod, String containerGroupId, String container) {

    /** No such Pod on this node: the request answers 404 with this message. */
    static final class PodNotFound extends RuntimeException {
        PodNotFound(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * @param uid the Pod's UID when the request names it, else null
     * @throws PodNotFound when the node has no such Pod
     * @throws IllegalArgumentException when the Pod has no such container or no container group yet
     */
    static ContainerTarget resolve(PodDirectory pods, String namespace, String name, String uid, String container) {
        Pod pod = pods.find(namespace, name)
                .filter(p -> uid == null || uid.equals(p.getMetadata().getUid()))
                .orElseThrow(() -> new PodNotFound("pod " + namespace + "/" + name + " not found on this node"));
        boolean known = pod.getSpec() != null
                && Stream.concat(
                                Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream(),
                                Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream())
                        .anyMatch(c -> container.equals(c.getName()));
        if (!known) {
            throw new IllegalArgumentException("container " + container + " is not valid for pod " + name);
        }
        String groupId = pods.containerGroupId(pod)
                .orElseThrow(() -> new IllegalArgumentException("container \"" + container + "\" in pod \"" + name
                        + "\" is waiting to start: no container group yet"));
        return new ContainerTarget(pod, groupId, container);
    }

    /** namespace/name, for log lines. */
    String podRef() {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
