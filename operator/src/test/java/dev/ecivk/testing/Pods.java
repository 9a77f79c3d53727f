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
}
