package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Behaviour 7: admission, defaulting, namespace lifecycle and the token APIs. */
class AdmissionMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.builder()
            .only(
                    Behaviour.STATUS_SUBRESOURCE,
                    Behaviour.POD_DEFAULTS,
                    Behaviour.SERVICE_ACCOUNT_ADMISSION,
                    Behaviour.PLATFORM_CA_BUNDLE,
                    Behaviour.DEFAULT_TOLERATIONS,
                    Behaviour.NAMESPACE_LIFECYCLE,
                    Behaviour.GRACEFUL_DELETION)
            .namespaces("apps")
            .build();

    private Pod create(String namespace, PodBuilder pod) {
        return cluster.client()
                .pods()
                .inNamespace(namespace)
                .resource(pod.build())
                .create();
    }

    private static PodBuilder pod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewInitContainer()
                .withName("init")
                .withImage("busybox")
                .endInitContainer()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
                .withNewResources()
                .addToLimits("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("1Gi"))
                .endResources()
                .endContainer()
                .addNewContainer()
                .withName("sidecar")
                .withImage("envoy")
                .endContainer()
                .endSpec();
    }

    private static Volume apiAccess(Pod pod) {
        return pod.getSpec().getVolumes().stream()
                .filter(v -> v.getName().startsWith("kube-api-access-"))
                .findFirst()
                .orElse(null);
    }

    @Test
    void aPodGetsTheDefaultServiceAccountAndItsKubeApiAccessVolumeInEveryContainer() {
        Pod created = create("apps", pod("web"));

        assertThat(created.getSpec().getServiceAccountName()).isEqualTo("default");
        Volume volume = apiAccess(created);
        assertThat(volume.getName()).matches("kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}");
        List<VolumeProjection> sources = volume.getProjected().getSources();
        assertThat(sources.get(0).getServiceAccountToken().getPath()).isEqualTo("token");
        assertThat(sources.get(0).getServiceAccountToken().getExpirationSeconds())
                .isEqualTo(3607L);
        assertThat(sources.get(1).getConfigMap().getName()).isEqualTo("kube-root-ca.crt");
        assertThat(sources.get(1).getConfigMap().getItems().get(0).getKey()).isEqualTo("ca.crt");
        assertThat(sources.get(2)
                        .getDownwardAPI()
                        .getItems()
                        .get(0)
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(sources.get(3).getConfigMap().getName()).isEqualTo("openshift-service-ca.crt");
        assertThat(sources.get(3).getConfigMap().getItems().get(0).getPath()).isEqualTo("service-ca.crt");
        List<Container> all = new java.util.ArrayList<>(created.getSpec().getContainers());
        all.addAll(created.getSpec().getInitContainers());
        for (Container c : all) {
            assertThat(c.getVolumeMounts())
                    .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(
                            volume.getName(), "/var/run/secrets/kubernetes.io/serviceaccount", true));
        }
        KubernetesClient client = cluster.client();
        assertThat(client.configMaps()
                        .inNamespace("apps")
                        .withName("kube-root-ca.crt")
                        .get()
                        .getData()
                        .get("ca.crt"))
                .startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(client.configMaps()
                        .inNamespace("apps")
                        .withName("openshift-service-ca.crt")
                        .get()
                        .getData())
                .containsKey("service-ca.crt");
    }

    @Test
    void automountCanBeTurnedOffByThePodOrItsServiceAccount() {
        Pod optedOut = create(
                "apps",
                pod("quiet").editSpec().withAutomountServiceAccountToken(false).endSpec());
        assertThat(apiAccess(optedOut)).isNull();

        cluster.client()
                .serviceAccounts()
                .inNamespace("apps")
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("robot")
                        .endMetadata()
                        .withAutomountServiceAccountToken(false)
                        .build())
                .create();
        Pod robot = create(
                "apps", pod("robot").editSpec().withServiceAccountName("robot").endSpec());
        assertThat(apiAccess(robot)).isNull();

        assertThatThrownBy(() -> create(
                        "apps",
                        pod("ghost").editSpec().withServiceAccountName("ghost").endSpec()))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("serviceaccount \"ghost\" not found");
                });
    }

    @Test
    void podsAreDefaultedAndTolerateNotReadyAndUnreachableForFiveMinutes() {
        Pod created = create(
                "apps",
                pod("defaults")
                        .editSpec()
                        .addNewToleration()
                        .withKey("node.kubernetes.io/unreachable")
                        .withOperator("Exists")
                        .withEffect("NoExecute")
                        .withTolerationSeconds(60L)
                        .endToleration()
                        .endSpec());

        assertThat(created.getSpec().getTolerations())
                .extracting(Toleration::getKey, Toleration::getTolerationSeconds)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/unreachable", 60L),
                        org.assertj.core.groups.Tuple.tuple("node.kubernetes.io/not-ready", 300L));
        assertThat(created.getSpec().getSchedulerName()).isEqualTo("default-scheduler");
        assertThat(created.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
        Container app = created.getSpec().getContainers().get(0);
        assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("1"));
        assertThat(app.getImagePullPolicy()).isEqualTo("IfNotPresent");
        assertThat(created.getSpec().getContainers().get(1).getImagePullPolicy())
                .isEqualTo("Always");
        assertThat(created.getStatus().getQosClass()).isEqualTo("Burstable");
        assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aPodInANamespaceThatDoesNotExistIsNotFound() {
        assertThatThrownBy(() -> create("nowhere", pod("lost")))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("namespaces \"nowhere\" not found");
                });
    }

    @Test
    void aNewNamespaceGetsItsRootCaAndDefaultServiceAccountAndGoesAwayEmptied() {
        KubernetesClient client = cluster.client();
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName("fresh")
                        .endMetadata()
                        .build())
                .create();
        assertThat(client.serviceAccounts()
                        .inNamespace("fresh")
                        .withName("default")
                        .get())
                .isNotNull();
        assertThat(client.configMaps()
                        .inNamespace("fresh")
                        .withName("kube-root-ca.crt")
                        .get())
                .isNotNull();
        create("fresh", pod("bound").editSpec().withNodeName("vk").endSpec());

        client.namespaces().withName("fresh").delete();

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(client.namespaces().withName("fresh").get().getStatus().getPhase())
                    .isEqualTo("Terminating");
            assertThat(client.configMaps().inNamespace("fresh").list().getItems())
                    .isEmpty();
            assertThat(client.pods()
                            .inNamespace("fresh")
                            .withName("bound")
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .isNotNull();
        });
        client.pods().inNamespace("fresh").withName("bound").withGracePeriod(0).delete();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> client.namespaces().withName("fresh").get() == null);
    }

    @Test
    void aTokenRequestAnswersABoundTokenThatATokenReviewAccepts() {
        KubernetesClient client = cluster.client();
        Pod pod = create("apps", pod("holder"));
        Instant before = Instant.now();

        TokenRequest answer = client.serviceAccounts()
                .inNamespace("apps")
                .withName("default")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3607L)
                        .withNewBoundObjectRef()
                        .withKind("Pod")
                        .withApiVersion("v1")
                        .withName("holder")
                        .withUid(pod.getMetadata().getUid())
                        .endBoundObjectRef()
                        .endSpec()
                        .build());

        assertThat(answer.getStatus().getToken()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(Instant.parse(answer.getStatus().getExpirationTimestamp())).isAfter(before.plusSeconds(3600));
        var review = client.authentication()
                .v1()
                .tokenReviews()
                .create(new TokenReviewBuilder()
                        .withNewSpec()
                        .withToken(answer.getStatus().getToken())
                        .endSpec()
                        .build());
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:apps:default");
        var forged = client.authentication()
                .v1()
                .tokenReviews()
                .create(new TokenReviewBuilder()
                        .withNewSpec()
                        .withToken("a.b.c")
                        .endSpec()
                        .build());
        assertThat(forged.getStatus().getAuthenticated()).isFalse();
    }
}
