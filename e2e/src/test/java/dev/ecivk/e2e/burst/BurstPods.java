package dev.ecivk.e2e.burst;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Pods of one burst, all labelled with the run's id: on the mock, N Pods created already bound to the node
 * (there is no scheduler); on a cluster, one N-replica Deployment that the scheduler places on the node.
 */
final class BurstPods {
    static final String RUN_LABEL = "ecivk.dev/benchmark-run";

    private final String runId;
    private final String namespace;
    private final String nodeName;
    private final PodShape shape;

    BurstPods(String runId, String namespace, String nodeName, PodShape shape) {
        this.runId = runId;
        this.namespace = namespace;
        this.nodeName = nodeName;
        this.shape = shape;
    }

    String runId() {
        return runId;
    }

    private String configMapName() {
        return "burst-" + runId;
    }

    private String deploymentName() {
        return "ecivk-bench-" + runId;
    }

    /** Creates what the Pods refer to. */
    void prepare(KubernetesClient client) {
        if (shape == PodShape.REALISTIC) {
            client.configMaps()
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(configMapName())
                            .withNamespace(namespace)
                            .addToLabels(RUN_LABEL, runId)
                            .endMetadata()
                            .addToData("greeting", "hello")
                            .build())
                    .create();
        }
    }

    PodSpec spec() {
        PodSpecBuilder spec = new PodSpecBuilder()
                .withRestartPolicy("Always")
                .addNewToleration()
                .withKey("virtual-kubelet.io/provider")
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
                .endContainer();
        if (shape == PodShape.MINIMAL) {
            return spec.withEnableServiceLinks(false)
                    .withAutomountServiceAccountToken(false)
                    .build();
        }
        PodSpec built = spec.build();
        built.getContainers()
                .get(0)
                .setEnv(List.of(new EnvVarBuilder()
                        .withName("GREETING")
                        .withNewValueFrom()
                        .withNewConfigMapKeyRef("greeting", configMapName(), false)
                        .endValueFrom()
                        .build()));
        return built;
    }

    /** Mock mode: creates {@code count} Pods bound to the node from {@code threads} threads, noting each bind time. */
    void createBound(KubernetesClient client, int count, int threads, PodClock clock) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = "bench-" + runId + "-" + i;
                done.add(pool.submit(() -> {
                    PodSpec spec = spec();
                    spec.setNodeName(nodeName);
                    Pod pod = new PodBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .withNamespace(namespace)
                            .addToLabels(RUN_LABEL, runId)
                            .endMetadata()
                            .withSpec(spec)
                            .build();
                    clock.boundNow(name);
                    client.pods().inNamespace(namespace).resource(pod).create();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Cluster mode: one Deployment whose Pods the scheduler binds to the node. */
    void createDeployment(KubernetesClient client, int replicas) {
        PodSpec spec = spec();
        spec.setNodeSelector(Map.of("kubernetes.io/hostname", nodeName, "type", "virtual-kubelet"));
        client.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName(deploymentName())
                        .withNamespace(namespace)
                        .addToLabels(RUN_LABEL, runId)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .withNewSelector()
                        .addToMatchLabels(RUN_LABEL, runId)
                        .endSelector()
                        .withNewTemplate()
                        .withNewMetadata()
                        .addToLabels(RUN_LABEL, runId)
                        .endMetadata()
                        .withSpec(spec)
                        .endTemplate()
                        .endSpec()
                        .build())
                .create();
    }

    /** Deletes the Deployment (on a cluster), the Pods and the ConfigMap of this run, gracefully. */
    void delete(KubernetesClient client, boolean deployment) {
        if (deployment) {
            client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(deploymentName())
                    .delete();
        }
        client.pods().inNamespace(namespace).withLabel(RUN_LABEL, runId).delete();
        client.configMaps().inNamespace(namespace).withLabel(RUN_LABEL, runId).delete();
    }

    /** How many of this run's Pods the apiserver still holds. */
    int remaining(KubernetesClient client) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel(RUN_LABEL, runId)
                .list()
                .getItems()
                .size();
    }
}
