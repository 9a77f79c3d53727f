package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;

/** Small Pods for table tests: one container "app" with 1 vCPU / 2 GiB and service links off. */
final class TestPods {

    private TestPods() {}

    static PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("ns")
                .withName("p")
                .withUid("11111111-2222-3333-4444-555555555555")
                .endMetadata()
                .withNewSpec()
                .withEnableServiceLinks(false)
                .withContainers(container("app").build())
                .endSpec();
    }

    static ContainerBuilder container(String name) {
        return new ContainerBuilder()
                .withName(name)
                .withImage("example/" + name + ":1")
                .withNewResources()
                .addToRequests("cpu", new Quantity("1"))
                .addToRequests("memory", new Quantity("2Gi"))
                .endResources();
    }

    static Translation translate(Pod pod) {
        return PodTranslator.translate(pod, ResolvedRefs.none(), GoldenFiles.CONTEXT);
    }

    static Translation translate(Pod pod, ResolvedRefs refs) {
        return PodTranslator.translate(pod, refs, GoldenFiles.CONTEXT);
    }
}
