package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.config.RunOptions;
import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.ImageCacheSpec;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ImageCache objects against the mock server and the embedded ECI, and Pods that start from them. */
class ImageCachesMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-imc";
    static final Duration WAIT = Duration.ofSeconds(15);
    KubernetesClient client;
    EmbeddedEci eci;
    Controller controller;

    @BeforeEach
    void start() throws IOException {
        VirtualNodesMockTest.installCrds(client);
        eci = EmbeddedEci.start(
                b -> b.quotaScale(0).startDelay(Duration.ofMillis(300)),
                p -> p.withRateLimit(100.0, Duration.ofSeconds(30)));
        EciProvider provider = new EciProvider(eci.provider().settings());
        controller = Controller.start(
                RunOptions.parse(
                        "--node-name", NODE,
                        "--node-ip", "10.20.0.1",
                        "--metrics-port", "0",
                        "--kubelet-port", "0",
                        "--status-sync-interval", "200ms",
                        "--orphan-gc-interval", "1h",
                        "--eci-vswitch-ids", EmbeddedEci.VSWITCH_A),
                client,
                new Backend(provider, provider, null),
                new ControllerMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (controller != null) {
            controller.close();
        }
        eci.close();
    }

    ImageCache get(String name) {
        return client.resources(ImageCache.class).withName(name).get();
    }

    String phase(String name) {
        ImageCache ic = get(name);
        return ic == null || ic.getStatus() == null ? null : ic.getStatus().phase;
    }

    Pod pod(String name) {
        return client.pods().inNamespace("default").withName(name).get();
    }

    List<String> podEventReasons(String name) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList();
    }

    static ImageCache cache(String name, String... images) {
        ImageCache ic = new ImageCache();
        ic.getMetadata().setName(name);
        ic.getSpec().images = List.of(images);
        return ic;
    }

    @Test
    void anImageCacheTurnsReadyAndPodsThatNameItStartFromIt() {
        try (dev.ecivk.testing.CapturingAppender logs = dev.ecivk.testing.CapturingAppender.install()) {
            readyCacheScenario();
            assertThat(logs.lines()).noneMatch(l -> l.contains("s3cret-pw"));
        }
        assertThat(client.v1().events().inNamespace("default").list().getItems())
                .noneMatch(e -> e.getMessage().contains("s3cret-pw"));
    }

    private void readyCacheScenario() {
        String dockerConfig = "{\"auths\":{\"https://registry.example.com\":{\"username\":\"robot\","
                + "\"password\":\"s3cret-pw\"}}}";
        client.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("regcred")
                        .withNamespace("default")
                        .endMetadata()
                        .withType("kubernetes.io/dockerconfigjson")
                        .addToData(
                                ".dockerconfigjson",
                                Base64.getEncoder().encodeToString(dockerConfig.getBytes(StandardCharsets.UTF_8)))
                        .build())
                .create();
        ImageCache ic = cache("web-images", "nginx:1.27", "registry.example.com/app:2");
        ImageCacheSpec.SecretRef ref = new ImageCacheSpec.SecretRef();
        ref.namespace = "default";
        ref.name = "regcred";
        ic.getSpec().imagePullSecrets = List.of(ref);
        client.resources(ImageCache.class).resource(ic).create();

        await().atMost(WAIT).until(() -> "Ready".equals(phase("web-images")));
        ImageCache ready = get("web-images");
        String id = ready.getStatus().imageCacheId;
        assertThat(id).startsWith("imc-");
        assertThat(ready.getStatus().progress).isEqualTo("100%");
        assertThat(ready.getStatus().conditions)
                .singleElement()
                .satisfies(c -> assertThat(c.status).isEqualTo("True"));
        assertThat(ready.getMetadata().getFinalizers()).isNotEmpty();
        assertThat(client.getKubernetesSerialization().asJson(ready.getStatus()))
                .doesNotContain("s3cret-pw");
        assertThat(eci.simulator().counters().calls("CreateImageCache")).isEqualTo(1);

        client.pods()
                .inNamespace("default")
                .resource(Pods.bound("default", "cached", NODE)
                        .editMetadata()
                        .addToAnnotations("ecivk.dev/image-cache", "web-images")
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT).until(() -> Pods.groupId(pod("cached")) != null);
        String groupId = Pods.groupId(pod("cached"));
        assertThat(eci.simulator().creationRequest(groupId)).containsEntry("ImageSnapshotId", id);

        client.resources(ImageCache.class).withName("web-images").delete();
        await().atMost(WAIT).until(() -> get("web-images") == null);
        assertThat(eci.simulator().counters().calls("DeleteImageCache")).isEqualTo(1);
    }

    @Test
    void aPodNamingAMissingCacheWaitsWithAnEvent() {
        client.pods()
                .inNamespace("default")
                .resource(Pods.bound("default", "waits", NODE)
                        .editMetadata()
                        .addToAnnotations("ecivk.dev/image-cache", "nope")
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT).until(() -> podEventReasons("waits").contains("ImageCacheNotReady"));
        Pod waiting = pod("waits");
        assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
        assertThat(waiting.getStatus().getReason()).isEqualTo("ImageCacheNotReady");
        assertThat(waiting.getStatus().getMessage()).contains("\"nope\"");
        assertThat(eci.simulator().counters().creates()).isZero();
    }

    @Test
    void anInvalidImageCacheIsReportedAndNeverBuilt() {
        client.resources(ImageCache.class)
                .resource(cache("dup", "nginx:1.27", "nginx:1.27"))
                .create();
        await().atMost(WAIT).until(() -> "Invalid".equals(phase("dup")));
        assertThat(get("dup").getStatus().conditions.get(0).message).contains("spec.images[1]");
        assertThat(eci.simulator().counters().calls("CreateImageCache")).isZero();
    }

    @Test
    void aVirtualNodesPodDefaultsReachItsPods() {
        dev.ecivk.crd.VirtualNode vn = VirtualNodesMockTest.virtualNode("spot-node");
        vn.getSpec().podDefaults = new dev.ecivk.crd.VirtualNodeSpec.PodDefaults();
        vn.getSpec().podDefaults.spotStrategy = dev.ecivk.crd.VirtualNodeSpec.PodDefaults.SpotStrategy.SpotAsPriceGo;
        vn.getSpec().podDefaults.autoMatchImageCache = true;
        client.resources(dev.ecivk.crd.VirtualNode.class).resource(vn).create();
        await().atMost(WAIT).until(() -> client.nodes().withName("spot-node").get() != null);

        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "defaulted", "spot-node"))
                .create();
        client.pods()
                .inNamespace("default")
                .resource(Pods.bound("default", "own", "spot-node")
                        .editMetadata()
                        .addToAnnotations("k8s.aliyun.com/eci-spot-strategy", "NoSpot")
                        .endMetadata()
                        .build())
                .create();
        await().atMost(WAIT).until(() -> groupOf("defaulted") != null && groupOf("own") != null);
        Map<String, String> defaulted = eci.simulator().creationRequest(groupOf("defaulted"));
        assertThat(defaulted)
                .containsEntry("SpotStrategy", "SpotAsPriceGo")
                .containsEntry("AutoMatchImageCache", "true");
        assertThat(eci.simulator().creationRequest(groupOf("own"))).containsEntry("SpotStrategy", "NoSpot");
    }

    private String groupOf(String podName) {
        return Pods.groupId(pod(podName));
    }
}
