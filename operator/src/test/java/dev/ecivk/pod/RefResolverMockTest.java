package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.ResolvedRefs;
import dev.ecivk.translate.Translation;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class RefResolverMockTest {

    private static final String NS = "apps";
    private static final String SECRET_VALUE = "hunter2-do-not-leak";

    KubernetesMockServer server;
    KubernetesClient client;

    private PodBuilder pod() {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName("web-0")
                .withUid("6f1c1f34-1111-4a4a-9b9b-000000000001")
                .endMetadata()
                .withNewSpec()
                .withEnableServiceLinks(false)
                .addNewContainer()
                .withName("app")
                .withImage("example/app:1")
                .endContainer()
                .endSpec();
    }

    private void createSecret(String name, Map<String, String> data) {
        SecretBuilder b = new SecretBuilder()
                .withNewMetadata()
                .withNamespace(NS)
                .withName(name)
                .endMetadata();
        data.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets().inNamespace(NS).resource(b.build()).create();
    }

    private void createConfigMap(String name, Map<String, String> data) {
        client.configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withNamespace(NS)
                        .withName(name)
                        .endMetadata()
                        .withData(data)
                        .build())
                .create();
    }

    @Test
    void missingMandatoryConfigMapBlocksTheCreate() {
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("MODE")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("mode", "app-config", false)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.complete()).isFalse();
        assertThat(r.missingMandatory()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo("MandatoryConfigMapNotFound");
            assertThat(m.message()).contains("apps/app-config").contains("env MODE");
        });
        assertThat(r.missingOptional()).isEmpty();
    }

    /**
     * A connection dropped mid-read surfaces from fabric8's Vert.x transport as its own exception, not the client's:
     * the Pod waits for the read to work again, as for any apiserver failure, and is never failed for its spec.
     */
    @Test
    void aConnectionDroppedMidReadLeavesThePodWaitingNotFailed() {
        ClusterReads direct = ClusterReads.direct(client);
        ClusterReads dropping = new ClusterReads() {
            @Override
            public io.fabric8.kubernetes.api.model.ConfigMap configMap(String namespace, String name) {
                return direct.configMap(namespace, name);
            }

            @Override
            public io.fabric8.kubernetes.api.model.Secret secret(String namespace, String name) {
                throw new io.vertx.core.http.HttpClosedException("Connection was closed");
            }

            @Override
            public java.util.List<io.fabric8.kubernetes.api.model.Service> services(String namespace) {
                return direct.services(namespace);
            }
        };
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnvFrom()
                .withNewSecretRef("db", false)
                .endEnvFrom()
                .endContainer()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client, dropping).resolve(pod);

        assertThat(r.complete()).isFalse();
        assertThat(r.missingMandatory()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo("FailedToReadSecret");
            assertThat(m.message()).contains("apps/db").contains("could not be read (HTTP -1)");
        });
    }

    @Test
    void missingOptionalConfigMapIsReportedButDoesNotBlock() {
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnvFrom()
                .withNewConfigMapRef("maybe", true)
                .endEnvFrom()
                .endContainer()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.complete()).isTrue();
        assertThat(r.missingOptional()).extracting(MissingRef::reason).containsExactly("OptionalConfigMapNotFound");
    }

    @Test
    void presentConfigMapIsResolvedAndAMissingMandatoryKeyIsNamed() {
        createConfigMap("app-config", Map.of("mode", "fast"));
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("MODE")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("mode", "app-config", null)
                .endValueFrom()
                .endEnv()
                .addNewEnv()
                .withName("LEVEL")
                .withNewValueFrom()
                .withNewConfigMapKeyRef("level", "app-config", null)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.refs().configMaps()).containsOnlyKeys("app-config");
        assertThat(r.missingMandatory())
                .extracting(MissingRef::reason, MissingRef::message)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "MandatoryConfigMapKeyNotFound",
                        "container \"app\" env LEVEL: key \"level\" not found in configMap apps/app-config"));
    }

    @Test
    void secretsFromEnvAndVolumesResolveAndMissingKeysFollowOptional() {
        createSecret("db", Map.of("password", SECRET_VALUE));
        Pod pod = pod().editSpec()
                .editFirstContainer()
                .addNewEnv()
                .withName("DB_PASSWORD")
                .withNewValueFrom()
                .withNewSecretKeyRef("password", "db", null)
                .endValueFrom()
                .endEnv()
                .endContainer()
                .addNewVolume()
                .withName("creds")
                .withNewSecret()
                .withSecretName("db")
                .withOptional(true)
                .addNewItem()
                .withKey("user")
                .withPath("user")
                .endItem()
                .endSecret()
                .endVolume()
                .addNewVolume()
                .withName("tls")
                .withNewSecret()
                .withSecretName("tls")
                .endSecret()
                .endVolume()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.refs().secrets()).containsOnlyKeys("db");
        assertThat(r.missingOptional()).extracting(MissingRef::reason).containsExactly("OptionalSecretKeyNotFound");
        assertThat(r.missingMandatory()).extracting(MissingRef::reason).containsExactly("MandatorySecretNotFound");
        assertThat(r.missingMandatory().get(0).message()).contains("volume \"tls\"");
        assertThat(r.toString()).doesNotContain(SECRET_VALUE);
        assertThat(r.missingOptional().get(0).message()).doesNotContain(SECRET_VALUE);
    }

    @Test
    void imagePullSecretsAreReadAndAMissingOneOnlyWarns() {
        createSecret("regcred", Map.of(".dockerconfigjson", "{\"auths\":{}}"));
        Pod pod = pod().editSpec()
                .addNewImagePullSecret("regcred")
                .addNewImagePullSecret("gone")
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.complete()).isTrue();
        assertThat(r.refs().secrets()).containsOnlyKeys("regcred");
        assertThat(r.missingOptional())
                .extracting(MissingRef::reason)
                .containsExactly("FailedToRetrieveImagePullSecret");
    }

    @Test
    void serviceLinksListTheNamespaceOnlyWhenEnabledButAlwaysTheMasterService() {
        client.services()
                .inNamespace("default")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withNamespace("default")
                        .withName("kubernetes")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.96.0.1")
                        .addNewPort()
                        .withName("https")
                        .withPort(443)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        client.services()
                .inNamespace(NS)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withNamespace(NS)
                        .withName("backend")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.96.5.5")
                        .addNewPort()
                        .withPort(8080)
                        .endPort()
                        .endSpec()
                        .build())
                .create();

        RefResolution off = new RefResolver(client).resolve(pod().build());
        RefResolution on = new RefResolver(client)
                .resolve(pod().editSpec().withEnableServiceLinks(null).endSpec().build());

        assertThat(off.refs().services())
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("kubernetes");
        assertThat(on.refs().services())
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("kubernetes", "backend");
        Translation t = PodTranslator.translate(
                pod().editSpec().withEnableServiceLinks(null).endSpec().build(), on.refs(), context());
        assertThat(t.spec().containers().get(0).env())
                .extracting(e -> e.key() + "=" + e.value())
                .contains("KUBERNETES_SERVICE_HOST=10.96.0.1", "BACKEND_SERVICE_PORT=8080");
    }

    @Test
    void serviceAccountTokenIsRequestedBoundToThePod() throws Exception {
        // The CRUD mock has no serviceaccounts/token subresource: expect that one call.
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/apps/serviceaccounts/web/token")
                .andReturn(
                        201,
                        new TokenRequestBuilder()
                                .withNewStatus()
                                .withToken("issued-token")
                                .withExpirationTimestamp("2026-11-22T15:00:00Z")
                                .endStatus()
                                .build())
                .once();
        createConfigMap("kube-root-ca.crt", Map.of("ca.crt", "CA"));
        Pod pod = pod().editSpec()
                .withServiceAccountName("web")
                .addNewVolume()
                .withName("kube-api-access-abcde")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .withExpirationSeconds(3607L)
                .withAudience("vault")
                .endServiceAccountToken()
                .endSource()
                .addNewSource()
                .withNewConfigMap()
                .withName("kube-root-ca.crt")
                .addNewItem("ca.crt", null, "ca.crt")
                .endConfigMap()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.complete()).isTrue();
        assertThat(r.refs().serviceAccountTokens())
                .containsExactly(Map.entry(ResolvedRefs.tokenKey("kube-api-access-abcde", "token"), "issued-token"));
        RecordedRequest request = tokenRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        var sent = Serialization.unmarshal(
                request.getUtf8Body(), io.fabric8.kubernetes.api.model.authentication.TokenRequest.class);
        assertThat(sent.getSpec().getExpirationSeconds()).isEqualTo(3607L);
        assertThat(sent.getSpec().getAudiences()).containsExactly("vault");
        assertThat(sent.getSpec().getBoundObjectRef().getKind()).isEqualTo("Pod");
        assertThat(sent.getSpec().getBoundObjectRef().getName()).isEqualTo("web-0");
        assertThat(sent.getSpec().getBoundObjectRef().getUid()).isEqualTo("6f1c1f34-1111-4a4a-9b9b-000000000001");

        Translation t = PodTranslator.translate(pod, r.refs(), context());
        assertThat(t.ok()).as("problems %s", t.problems()).isTrue();
        assertThat(t.spec().volumes().get(0).configFiles())
                .extracting(f -> f.path())
                .containsExactly("token", "ca.crt");
    }

    @Test
    void aFailedTokenRequestIsMandatory() {
        server.expect()
                .post()
                .withPath("/api/v1/namespaces/apps/serviceaccounts/default/token")
                .andReturn(403, "{\"kind\":\"Status\",\"code\":403}")
                .once();
        Pod pod = pod().editSpec()
                .addNewVolume()
                .withName("tok")
                .withNewProjected()
                .addNewSource()
                .withNewServiceAccountToken()
                .withPath("token")
                .endServiceAccountToken()
                .endSource()
                .endProjected()
                .endVolume()
                .endSpec()
                .build();

        RefResolution r = new RefResolver(client).resolve(pod);

        assertThat(r.complete()).isFalse();
        assertThat(r.missingMandatory()).singleElement().satisfies(m -> {
            assertThat(m.reason()).isEqualTo("FailedToRequestServiceAccountToken");
            assertThat(m.message()).contains("apps/default").contains("403");
        });
    }

    /** The recorded TokenRequest among everything the resolver sent. */
    private RecordedRequest tokenRequest() throws InterruptedException {
        int count = server.getRequestCount();
        for (int i = 0; i < count; i++) {
            RecordedRequest r = server.takeRequest(1, java.util.concurrent.TimeUnit.SECONDS);
            if (r != null && r.getPath().equals("/api/v1/namespaces/apps/serviceaccounts/web/token")) {
                return r;
            }
        }
        throw new AssertionError("no TokenRequest was sent");
    }

    private static TranslationContext context() {
        return new TranslationContext(
                "vk-1", "c-1", "cn-hangzhou", "vsw-1", "sg-1", null, "10.96.0.10", "cluster.local", "10.0.0.5");
    }
}
