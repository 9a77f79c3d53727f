package dev.ecivk.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.UUID;

/** Pods as the scheduler would bind them to a virtual node. */
public final class Pods {
    private Pods() {}

    /** A one-container Pod bound to {@code node}, tolerating the virtual node's taint. */
    public static PodBuilder bound(String namespace, String name, String node, String... command) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid(UUID.randomUUID().toString())
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .withRestartPolicy("Always")
                .addNewToleration()
                .withKey("virtual-kubelet.io/provider")
                .withOperator("Exists")
                .endToleration()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
                .addNewPort()
                .withContainerPort(80)
                .endPort()
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .endSpec();
        if (command.length > 0) {
            b.editSpec()
                    .editFirstContainer()
                    .withCommand(command)
                    .endContainer()
                    .endSpec();
        }
        return b;
    }

    public static Pod boundPod(String namespace, String name, String node, String... command) {
        return bound(namespace, name, node, command).build();
    }

    /**
     * The container group a Pod runs in, as its status shows it (container ids {@code eci://<group>/<container>}); null
     * before a status from the group was written.
     */
    public static String groupId(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return null;
        }
        return java.util.stream.Stream.concat(
                        pod.getStatus().getContainerStatuses() == null
                                ? java.util.stream.Stream.empty()
                                : pod.getStatus().getContainerStatuses().stream(),
                        pod.getStatus().getInitContainerStatuses() == null
                                ? java.util.stream.Stream.empty()
                                : pod.getStatus().getInitContainerStatuses().stream())
                .map(io.fabric8.kubernetes.api.model.ContainerStatus::getContainerID)
                .filter(id -> id != null && id.startsWith("eci://"))
                .map(id -> id.substring("eci://".length()).split("/")[0])
                .findFirst()
                .orElse(null);
    }
}
