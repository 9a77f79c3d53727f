package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook-mode authentication and authorization against the fabric8 mock apiserver answering TokenReviews and
 * SubjectAccessReviews: tokens {@code alice-token} (allowed), {@code mallory-token} (authenticated, denied) and
 * anything else (unauthenticated); the apiserver's client certificate user is allowed.
 */
@EnableKubernetesMockClient
class KubeletAuthMockTest {
    private static final String APISERVER_USER = "kube-apiserver-kubelet-client";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path dir;

    private final AtomicInteger tokenReviews = new AtomicInteger();
    private final List<SubjectAccessReview> accessReviews = new CopyOnWriteArrayList<>();
    private TestCertificates.Issued clientCa;
    private KubeletFixture fixture;

    @BeforeEach
    void start() throws Exception {
        server.expect()
                .post()
                .withPath("/apis/authentication.k8s.io/v1/tokenreviews")
                .andReply(201, request -> {
                    tokenReviews.incrementAndGet();
                    TokenReview review = SERIALIZATION.unmarshal(request.getUtf8Body(), TokenReview.class);
                    String token = review.getSpec().getToken();
                    String user = Map.of("alice-token", "alice", "mallory-token", "mallory")
                            .get(token);
                    review.setStatus(
                            user == null
                                    ? new TokenReviewStatusBuilder()
                                            .withAuthenticated(false)
                                            .build()
                                    : new TokenReviewStatusBuilder()
                                            .withAuthenticated(true)
                                            .withNewUser()
                                            .withUsername(user)
                                            .withUid("uid-" + user)
                                            .withGroups("system:authenticated")
                                            .endUser()
                                            .build());
                    return review;
                })
                .always();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/subjectaccessreviews")
                .andReply(201, request -> {
                    SubjectAccessReview review =
                            SERIALIZATION.unmarshal(request.getUtf8Body(), SubjectAccessReview.class);
                    accessReviews.add(review);
                    boolean allowed = List.of("alice", APISERVER_USER)
                            .contains(review.getSpec().getUser());
                    review.setStatus(new SubjectAccessReviewStatusBuilder()
                            .withAllowed(allowed)
                            .build());
                    return review;
                })
                .always();
        clientCa = TestCertificates.authority("kubelet-client-ca");
        Path caFile = TestCertificates.writePem(dir.resolve("client-ca.pem"), clientCa.certificate());
        fixture = new KubeletFixture(config -> config.withClientCa(caFile), client);
        fixture.pods.add(KubeletFixture.pod("default", "web", "eci-auth-1", "app"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(fixture.uri(path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return fixture.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void refusesCallersWithoutCredentials() throws Exception {
        HttpResponse<String> response = get("/pods", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(accessReviews).isEmpty();
    }

    @Test
    void refusesTokensTheApiserverDoesNotKnow() throws Exception {
        assertThat(get("/pods", "forged-token").statusCode()).isEqualTo(401);
        assertThat(tokenReviews.get()).isEqualTo(1);
        assertThat(accessReviews).isEmpty();
    }

    @Test
    void forbidsAuthenticatedUsersTheApiserverDenies() throws Exception {
        HttpResponse<String> response = get("/containerLogs/default/web/app", "mallory-token");
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo("Forbidden (user=mallory, verb=get, resource=nodes, subresource=proxy)");
    }

    @Test
    void servesAllowedTokensAndAsksWithTheKubeletsAttributes() throws Exception {
        assertThat(get("/stats/summary", "alice-token").statusCode()).isEqualTo(200);
        SubjectAccessReview review = accessReviews.get(0);
        assertThat(review.getSpec().getUser()).isEqualTo("alice");
        assertThat(review.getSpec().getUid()).isEqualTo("uid-alice");
        assertThat(review.getSpec().getGroups()).containsExactly("system:authenticated");
        var attributes = review.getSpec().getResourceAttributes();
        assertThat(attributes.getVerb()).isEqualTo("get");
        assertThat(attributes.getResource()).isEqualTo("nodes");
        assertThat(attributes.getSubresource()).isEqualTo("stats");
        assertThat(attributes.getName()).isEqualTo(KubeletFixture.NODE);
        assertThat(get("/metrics/resource", "alice-token").statusCode()).isEqualTo(200);
        assertThat(accessReviews.get(1).getSpec().getResourceAttributes().getSubresource())
                .isEqualTo("metrics");
    }

    @Test
    void cachesReviewDecisions() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(get("/pods", "alice-token").statusCode()).isEqualTo(200);
            assertThat(get("/pods", "mallory-token").statusCode()).isEqualTo(403);
        }
        assertThat(tokenReviews.get()).isEqualTo(2);
        assertThat(accessReviews).hasSize(2);
    }

    @Test
    void authenticatesClientCertificatesSignedByTheClientCa() throws Exception {
        TestCertificates.Issued apiserver = TestCertificates.client(clientCa, APISERVER_USER, "system:masters");
        HttpClient http = HttpClient.newBuilder()
                .sslContext(fixture.tls(apiserver.keys().getPrivate(), apiserver.certificate()))
                .build();
        HttpResponse<String> response =
                http.send(HttpRequest.newBuilder(fixture.uri("/pods")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tokenReviews.get()).isZero();
        assertThat(accessReviews).singleElement().satisfies(review -> {
            assertThat(review.getSpec().getUser()).isEqualTo(APISERVER_USER);
            assertThat(review.getSpec().getGroups()).containsExactly("system:masters");
            assertThat(review.getSpec().getResourceAttributes().getSubresource())
                    .isEqualTo("proxy");
        });
    }

    @Test
    void rejectsClientCertificatesFromAnotherCa() throws Exception {
        // a forged CA with the real one's name: the client presents its certificate, the signature does not verify
        TestCertificates.Issued rogueCa = TestCertificates.authority("kubelet-client-ca");
        TestCertificates.Issued rogue = TestCertificates.client(rogueCa, APISERVER_USER, "system:masters");
        HttpClient http = HttpClient.newBuilder()
                .sslContext(fixture.tls(rogue.keys().getPrivate(), rogue.certificate()))
                .build();
        assertThatThrownBy(() -> http.send(
                        HttpRequest.newBuilder(fixture.uri("/pods")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
        assertThat(accessReviews).isEmpty();
    }

    @Test
    void servesTheCertificateAndKeyFromPemFiles() throws Exception {
        ServingIdentity identity =
                ServingIdentity.selfSigned("pem-node", List.of("127.0.0.1", "pem-node"), java.time.Instant.now());
        Path cert = TestCertificates.writePem(dir.resolve("tls.crt"), identity.certificate());
        Path key = TestCertificates.writePem(
                dir.resolve("tls.key"), new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(identity.key(), null));
        try (KubeletFixture fromFiles =
                new KubeletFixture(config -> config.withTls(cert, key).withAnonymousAuth(true), null)) {
            assertThat(fromFiles.server.servingCertificate()).isEqualTo(identity.certificate());
            assertThat(fromFiles.get("/healthz").body()).isEqualTo("ok");
        }
    }
}
