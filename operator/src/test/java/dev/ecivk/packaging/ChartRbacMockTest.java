package dev.ecivk.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.VirtualNode;
import dev.ecivk.node.VirtualNodeSpecs;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.testing.ApiCall;
import dev.ecivk.testing.ApiCallRecorder;
import dev.ecivk.testing.HelmChart;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.RbacRules;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The chart grants the controller exactly what it uses. The controller runs a tour of everything it does toward the
 * apiserver — leader election, a static node left by an earlier run and a VirtualNode (registration, relabelling,
 * heartbeats, status, deletion, re-registration), Pods with ConfigMap, Secret, service-link and service-account-token references, status,
 * repeated Events, deletion, ImageCaches, and kubelet API callers authenticated by TokenReview and authorized by
 * SubjectAccessReview — against the mock server, through a client of its own whose every request is recorded. The
 * chart's default RBAC must allow each recorded call (none would be a 403) and grant nothing no call needed.
 */
class ChartRbacMockTest {
    @RegisterExtension
    final RealisticCluster cluster =
            RealisticCluster.builder().namespaces(RbacRules.CHART_NAMESPACE).build();

    static final String NODE = "vk-rbac";
    static final String VIRTUAL_NODE = "vk-rbac-crd";
    /** The controller's client sends this User-Agent, which tells its calls from the test's own. */
    static final String CONTROLLER_AGENT = "ecivk-under-test";

    static final String CLUSTER_ID = "c-rbac";

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    KubernetesClient client;
    KubernetesMockServer server;
    private final ApiCallRecorder recorder = new ApiCallRecorder();

    @Test
    void theChartGrantsExactlyWhatTheControllerCalls() throws Exception {
        prepareCluster();
        try (KubernetesClient controllerClient = new KubernetesClientBuilder()
                        .withConfig(new ConfigBuilder(client.getConfiguration())
                                .withUserAgent(CONTROLLER_AGENT)
                                .build())
                        .build();
                VirtualKubelet vk = VirtualKubelet.start(
                        controllerClient,
                        "--leader-election",
                        "--leader-election-namespace",
                        RbacRules.CHART_NAMESPACE,
                        "--node-name",
                        NODE,
                        "--node-ip",
                        "10.40.0.1",
                        "--metrics-port",
                        "0",
                        "--kubelet-port",
                        "0",
                        "--status-sync-interval",
                        "200ms",
                        "--cluster-id",
                        CLUSTER_ID,
                        "--orphan-grace",
                        "0s")) {
            await().atMost(WAIT).until(vk::isLeader);
            podsWithEveryKindOfReference();
            aRepeatedWarning();
            kubeletApiCallers(vk.kubeletPort());
            aVirtualNodeComesAndGoes();
            anImageCacheComesAndGoes();
            aDeletedNodeIsRegisteredAgain();
            anOrphanIsCollected(vk);
        }

        Set<ApiCall> calls = record();
        RbacRules chart = RbacRules.fromChart("");
        assertThat(calls).as("calls recorded").isNotEmpty();
        assertThat(chart.uncovered(calls))
                .as("calls the chart's RBAC does not allow (each a 403 in a real cluster)")
                .isEmpty();
        List<String> unused =
                chart.unused(calls).stream().map(Object::toString).sorted().toList();
        assertThat(unused)
                .as("grants of the chart no call of the controller needed")
                .isEmpty();
    }

    /**
     * A group of this node whose Pod no apiserver has (deleted while no controller ran): the orphan collector asks
     * the apiserver for the Pod before it deletes the group.
     */
    private void anOrphanIsCollected(VirtualKubelet vk) throws Exception {
        Pod gone = Pods.boundPod("default", "gone-while-away", NODE);
        TranslationContext context = new TranslationContext(
                NODE, CLUSTER_ID, "cn-hangzhou", "vsw-sim-a", "sg-sim", null, null, null, "10.40.0.1");
        var translation = PodTranslator.translate(gone, ResolvedRefs.none(), context);
        assertThat(translation.problems()).isEmpty();
        String orphan = vk.provider().create(translation.spec());
        // the node's group listing shows the group within a status round or two; then one pass collects it
        await().atMost(WAIT).until(() -> vk.collectOrphansNow() > 0);
        assertThat(vk.provider().get(orphan).map(g -> g.isTerminal()).orElse(true))
                .as("the orphan is deleted")
                .isTrue();
    }

    /** What a cluster holds before the controller starts, and the apiserver's review and token answers. */
    private void prepareCluster() throws IOException {
        for (String name : List.of("virtualnodes.ecivk.dev.yaml", "imagecaches.ecivk.dev.yaml")) {
            try (InputStream in =
                    Files.newInputStream(HelmChart.REPO_ROOT.resolve("crds").resolve(name))) {
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(SERIALIZATION.unmarshal(in, CustomResourceDefinition.class))
                        .create();
            }
        }
        // a Node an earlier run left behind, with only some of our labels: the controller brings it up to date
        client.nodes()
                .resource(new io.fabric8.kubernetes.api.model.NodeBuilder()
                        .withNewMetadata()
                        .withName(NODE)
                        .addToLabels("type", "virtual-kubelet")
                        .endMetadata()
                        .build())
                .create();
        client.configMaps()
                .inNamespace("default")
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName("app-config")
                        .endMetadata()
                        .addToData("mode", "fast")
                        .build())
                .create();
        client.secrets()
                .inNamespace("default")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("app-secret")
                        .endMetadata()
                        .addToStringData("password", "hunter2")
                        .build())
                .create();
        client.services()
                .inNamespace("default")
                .resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                        .withNewMetadata()
                        .withName("db")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.96.0.20")
                        .addNewPort()
                        .withPort(5432)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        // TokenRequest, TokenReview and SubjectAccessReview: the realistic cluster answers them as an apiserver
    }

    /** Env from a ConfigMap and a Secret, service links, a projected service-account token; then deletion. */
    private void podsWithEveryKindOfReference() {
        Pod pod = Pods.bound("default", "refs", NODE)
                .editMetadata()
                .addToFinalizers("test.ecivk.dev/hold") // the mock deletes at once; this keeps deletion observable
                .endMetadata()
                .editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("MODE")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("mode", "app-config", false)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "app-secret", false)
                .endValueFrom()
                .endEnv()
                .addNewVolumeMount()
                .withName("kube-api-access")
                .withMountPath("/var/run/secrets/kubernetes.io/serviceaccount")
                .endVolumeMount()
                .endContainer()
                .addNewVolume()
                .withName("kube-api-access")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();
        client.pods().inNamespace("default").resource(pod).create();
        await().atMost(WAIT).until(() -> "Running".equals(phase("refs")));
        client.pods().inNamespace("default").withName("refs").delete();
        // the kubelet's protocol: the controller deletes the group, then the Pod with grace 0
        ApiCall podDeleted = ApiCall.resource("delete", "", "pods", null, "default", "refs");
        await().atMost(WAIT).until(() -> record().contains(podDeleted));
        // let the Pod go: the controller's deletion happened
        client.pods()
                .inNamespace("default")
                .withName("refs")
                .edit(p -> new PodBuilder(p)
                        .editMetadata()
                        .withFinalizers(List.of())
                        .endMetadata()
                        .build());
    }

    /** A Pod whose mandatory ConfigMap is missing: the same Warning again and again is one Event with a count. */
    private void aRepeatedWarning() {
        Pod pod = Pods.bound("default", "missing-config", NODE)
                .editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("MODE")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("mode", "no-such-config", false)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();
        client.pods().inNamespace("default").resource(pod).create();
        await().atMost(WAIT)
                .until(() ->
                        events("missing-config").stream().anyMatch(e -> e.getCount() != null && e.getCount() >= 2));
        client.pods().inNamespace("default").withName("missing-config").delete();
    }

    /** A token the cluster issued (the test's own call, not the controller's), as metrics-server would present. */
    private String tokenOfTheCluster() {
        return client.serviceAccounts()
                .inNamespace("default")
                .withName("default")
                .tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                        .withNewSpec()
                        .withAudiences("https://kubernetes.default.svc")
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
    }

    /** A kubelet API caller with a bearer token: authenticated by a TokenReview, authorized by a review. */
    private void kubeletApiCallers(int port) throws Exception {
        HttpsURLConnection connection = (HttpsURLConnection)
                URI.create("https://127.0.0.1:" + port + "/pods").toURL().openConnection();
        connection.setSSLSocketFactory(trustingAnyServer().getSocketFactory());
        connection.setHostnameVerifier((host, session) -> true); // the node's certificate names its node IP
        connection.setRequestProperty("Authorization", "Bearer " + tokenOfTheCluster());
        assertThat(connection.getResponseCode()).isEqualTo(200);
        connection.disconnect();
    }

    /** A VirtualNode of this install: served as a node, reported in its status, then deleted with its node. */
    private void aVirtualNodeComesAndGoes() {
        VirtualNode vn = new VirtualNode();
        vn.getMetadata().setName(VIRTUAL_NODE);
        vn.getMetadata().setLabels(new LinkedHashMap<>(Map.of(VirtualNodeSpecs.INSTALL_LABEL, "ecivk")));
        client.resources(VirtualNode.class).resource(vn).create();
        await().atMost(WAIT).until(() -> {
            VirtualNode seen =
                    client.resources(VirtualNode.class).withName(VIRTUAL_NODE).get();
            return seen.getStatus() != null
                    && seen.getStatus().nodeName != null
                    && client.nodes().withName(VIRTUAL_NODE).get() != null;
        });
        client.resources(VirtualNode.class).withName(VIRTUAL_NODE).delete();
        await().atMost(WAIT)
                .until(() -> client.nodes().withName(VIRTUAL_NODE).get() == null
                        && client.resources(VirtualNode.class)
                                        .withName(VIRTUAL_NODE)
                                        .get()
                                == null);
    }

    /** An ImageCache with a registry Secret: built, reported Ready, then deleted. */
    private void anImageCacheComesAndGoes() {
        ImageCache cache = new ImageCache();
        cache.getMetadata().setName("web-images");
        cache.getSpec().images = List.of("nginx:1.27");
        dev.ecivk.crd.ImageCacheSpec.SecretRef ref = new dev.ecivk.crd.ImageCacheSpec.SecretRef();
        ref.namespace = "default";
        ref.name = "app-secret";
        cache.getSpec().imagePullSecrets = List.of(ref);
        client.resources(ImageCache.class).resource(cache).create();
        await().atMost(WAIT).until(() -> {
            ImageCache seen =
                    client.resources(ImageCache.class).withName("web-images").get();
            return seen.getStatus() != null && seen.getStatus().phase != null;
        });
        client.resources(ImageCache.class).withName("web-images").delete();
        await().atMost(WAIT)
                .until(() -> client.resources(ImageCache.class)
                                .withName("web-images")
                                .get()
                        == null);
    }

    /** Someone deletes the node: the controller registers it again. */
    private void aDeletedNodeIsRegisteredAgain() {
        String uid = client.nodes().withName(NODE).get().getMetadata().getUid();
        client.nodes().withName(NODE).delete();
        await().atMost(WAIT).until(() -> {
            var node = client.nodes().withName(NODE).get();
            return node != null && !uid.equals(node.getMetadata().getUid());
        });
    }

    /** Every call the controller has made so far. */
    private Set<ApiCall> record() {
        recorder.drain(server, ApiCallRecorder.sentBy(CONTROLLER_AGENT));
        return recorder.calls();
    }

    private String phase(String name) {
        Pod pod = client.pods().inNamespace("default").withName(name).get();
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private List<Event> events(String pod) {
        return client.v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    /** The node's serving certificate is self-signed; what is checked here is authorization, not TLS. */
    private static SSLContext trustingAnyServer() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(
                null,
                new TrustManager[] {
                    new X509TrustManager() {
                        @Override
                        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

                        @Override
                        public X509Certificate[] getAcceptedIssuers() {
                            return new X509Certificate[0];
                        }
                    }
                },
                new SecureRandom());
        return tls;
    }
}
