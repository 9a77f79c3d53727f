package dev.ecivk.e2e.support;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * Pods of the e2e scenarios (shapes of virtual-kubelet's conformance suite): one container, the virtual node's taint
 * tolerated, no service links or token (the suite's shape; tokens have their own tests in the operator).
 */
public final class ScenarioPods {
    public static final String TAINT_KEY = "virtual-kubelet.io/provider";

    private ScenarioPods() {}

    /** A Pod bound to {@code node} by name, as the scheduler's binding leaves it (mock server, or k3s without it). */
    public static PodBuilder bound(String namespace, String name, String node, String... command) {
        return unscheduled(namespace, name, command)
                .editSpec()
                .withNodeName(node)
                .endSpec();
    }

    /** A Pod the scheduler places on a virtual node (node selector + toleration). */
    public static PodBuilder forVirtualNode(String namespace, String name, String node, String... command) {
        return unscheduled(namespace, name, command)
                .editSpec()
                .addToNodeSelector("type", "virtual-kubelet")
                .addToNodeSelector("kubernetes.io/hostname", node)
                .endSpec();
    }

    private static PodBuilder unscheduled(String namespace, String name, String... command) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Always")
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(false)
                .withTerminationGracePeriodSeconds(30L)
                .addNewToleration()
                .withKey(TAINT_KEY)
                .withOperator("Exists")
                .withEffect("NoSchedule")
                .endToleration()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
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

    /** Adds containers {@code app-2 … app-n} so the Pod has {@code n}. */
    public static PodBuilder withContainers(PodBuilder b, int n) {
        for (int i = 2; i <= n; i++) {
            b.editSpec()
                    .addNewContainer()
                    .withName("app-" + i)
                    .withImage("busybox:1.36")
                    .withCommand("sleep", "3600")
                    .endContainer()
                    .endSpec();
        }
        return b;
    }

    /** env VALUE from key {@code key} of Secret {@code secret}. */
    public static PodBuilder withSecretEnv(PodBuilder b, String secret, boolean optional) {
        return b.editSpec()
                .editFirstContainer()
                .addToEnv(new EnvVarBuilder()
                        .withName("FROM_SECRET")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("key", secret, optional)
                        .endValueFrom()
                        .build())
                .endContainer()
                .endSpec();
    }

    /** env VALUE from key {@code key} of ConfigMap {@code configMap}. */
    public static PodBuilder withConfigMapEnv(PodBuilder b, String configMap, boolean optional) {
        return b.editSpec()
                .editFirstContainer()
                .addToEnv(new EnvVarBuilder()
                        .withName("FROM_CONFIGMAP")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef("key", configMap, optional)
                        .endValueFrom()
                        .build())
                .endContainer()
                .endSpec();
    }

    /** The owner reference a controller (ReplicaSet, Job) puts on the Pods it creates. */
    public static OwnerReference controlledBy(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withName(name)
                .withUid(uid)
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
