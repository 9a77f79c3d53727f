package dev.ecivk.e2e.burst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.cluster.Behaviour;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two ways the benchmark counts a kubelet's requests agree: at the fixture's apiserver (by the kubelet's token)
 * and in the kubelet's client (a fabric8 interceptor, for real clusters); neither counts the benchmark's own.
 */
class KubeletRequestsMockTest {

    @Test
    void theApiserverTapAndTheClientInterceptorCountTheKubeletsRequestsAlike() throws Exception {
        try (RealisticCluster cluster = RealisticCluster.builder()
                        .without(Behaviour.SCHEDULER)
                        .build()
                        .start();
                KubeletRequests.AtMockApiserver atApiserver = new KubeletRequests.AtMockApiserver(cluster.server());
                KubeletRequests.InClient inClient = new KubeletRequests.InClient();
                KubernetesClient kubelet = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder(cluster.client().getConfiguration())
                                .withOauthToken(KubeletRequests.KUBELET_TOKEN)
                                .build())
                        .withHttpClientBuilderConsumer(
                                b -> b.addOrReplaceInterceptor(KubeletRequests.InClient.NAME, inClient))
                        .build()) {
            KubernetesClient benchmark = cluster.client();
            Pod pod = benchmark
                    .pods()
                    .inNamespace("default")
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName("web-1")
                            .endMetadata()
                            .withNewSpec()
                            .withNodeName("vk")
                            .addNewContainer()
                            .withName("app")
                            .withImage("nginx")
                            .endContainer()
                            .endSpec()
                            .build())
                    .create();
            atApiserver.startPhase(KubeletRequests.Phase.BURST);
            inClient.startPhase(KubeletRequests.Phase.BURST);

            benchmark
                    .configMaps()
                    .inNamespace("default")
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("settings")
                            .endMetadata()
                            .build())
                    .create();
            kubelet.pods().inNamespace("default").withName("web-1").get();
            kubelet.services().inNamespace("default").list();
            kubelet.pods()
                    .inNamespace("default")
                    .resource(pod)
                    .subresource("status")
                    .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"status\":{\"phase\":\"Running\"}}");
            kubelet.v1()
                    .events()
                    .inNamespace("default")
                    .resource(new EventBuilder()
                            .withNewMetadata()
                            .withName("web-1.started")
                            .endMetadata()
                            .withNewInvolvedObject()
                            .withKind("Pod")
                            .withName("web-1")
                            .withNamespace("default")
                            .endInvolvedObject()
                            .withReason("Started")
                            .build())
                    .create();
            Watch watch = kubelet.pods().inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod resource) {}

                @Override
                public void onClose(WatcherException cause) {}
            });
            watch.close();

            Map<String, Long> expected = Map.of(
                    "GET pods", 1L,
                    "LIST services", 1L,
                    "PATCH pods/status", 1L,
                    "POST events", 1L,
                    "WATCH pods", 1L);
            assertThat(atApiserver.counts(KubeletRequests.Phase.BURST)).isEqualTo(expected);
            assertThat(inClient.counts(KubeletRequests.Phase.BURST)).isEqualTo(expected);
            assertThat(atApiserver.counts(KubeletRequests.Phase.START_UP))
                    .as("the benchmark's create of the Pod is not the kubelet's")
                    .isEmpty();
        }
    }
}
