package dev.ecivk.simulator.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The embedded Huawei ECS's SDK-HMAC-SHA256 check, against a fixed vector and against the official SDK's signer. */
class AkSkVerifierTest {
    private static final String AK = "HPUAEXAMPLEAK1234567";
    private static final String SK = "example-secret-access-key-0123456789abcd";
    private static final String PROJECT = "0a5b6c7d8e9f40a1b2c3d4e5f6a7b8c9";
    private static final Instant SIGNED_AT = Instant.parse("2026-12-04T12:00:00Z");
    private static final String SDK_DATE = "20261204T120000Z";

    /**
     * A fixed vector: this request, signed by the official SDK (huaweicloud-sdk-core 3.1.170) with the date and host
     * set, gives {@link #VECTOR_SIGNATURE}. The test below checks the SDK still does.
     */
    private static final String VECTOR_SIGNATURE = "83e829692919b45ff232b0c789cbd476fac3060ff01714f7f468c7b5ad8a086e";

    private final AkSkVerifier verifier =
            new AkSkVerifier(Map.of(AK, SK), Clock.fixed(SIGNED_AT.plusSeconds(30), ZoneOffset.UTC));

    private static HttpRequest vectorRequest() {
        return HttpRequest.newBuilder()
                .withEndpoint("https://ecs.cn-north-4.myhuaweicloud.com")
                .withPath("/v1/" + PROJECT + "/cloudservers/detail")
                .withMethod(HttpMethod.GET)
                .withContentType("application/json")
                .addQueryParam("tags", List.of("ecivk-node=vk-1"))
                .addQueryParam("limit", List.of("1000"))
                .addQueryParam("server_id", List.of("b-2", "a-1"))
                .addHeader("X-Project-Id", PROJECT)
                .addHeader("X-Sdk-Date", SDK_DATE)
                .addHeader("Host", "ecs.cn-north-4.myhuaweicloud.com")
                .build();
    }

    @Test
    void theOfficialSdkStillSignsTheFixedVectorAsRecorded() {
        Map<String, String> signed = AKSKSigner.getInstance().sign(vectorRequest(), credentials());
        assertThat(signed.get("Authorization"))
                .isEqualTo("SDK-HMAC-SHA256 Access=" + AK + ", SignedHeaders=host;x-project-id;x-sdk-date, Signature="
                        + VECTOR_SIGNATURE);
    }

    @Test
    void theDocumentedAlgorithmGivesTheFixedVector() {
        RestRequest request = asReceived(
                vectorRequest(),
                Map.of(
                        "Authorization",
                        "SDK-HMAC-SHA256 Access=" + AK + ", SignedHeaders=host;x-project-id;x-sdk-date, Signature="
                                + VECTOR_SIGNATURE));
        String canonical = AkSkVerifier.canonicalRequest(request, List.of("host", "x-project-id", "x-sdk-date"));
        assertThat(canonical)
                .isEqualTo("GET\n/v1/" + PROJECT + "/cloudservers/detail/\n"
                        + "limit=1000&server_id=b-2&server_id=a-1&tags=ecivk-node%3Dvk-1\n"
                        + "host:ecs.cn-north-4.myhuaweicloud.com\nx-project-id:" + PROJECT + "\nx-sdk-date:" + SDK_DATE
                        + "\n\nhost;x-project-id;x-sdk-date\n"
                        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(AkSkVerifier.signature(SK, SDK_DATE, canonical)).isEqualTo(VECTOR_SIGNATURE);
        assertThat(verifier.verify(request)).isEqualTo(AK);
    }

    @Test
    void acceptsWhatTheSdkSignsWithABodyAndOddCharacters() {
        HttpRequest sdk = HttpRequest.newBuilder()
                .withEndpoint("http://127.0.0.1:8443")
                .withPath("/v1/" + PROJECT + "/cloudservers")
                .withMethod(HttpMethod.POST)
                .withContentType("application/json")
                .withBodyAsString("{\"server\":{\"name\":\"pod a/b ~*+\"}}")
                .addQueryParam("name", List.of("a b*c~d+e/f"))
                .addHeader("X-Project-Id", PROJECT)
                .addHeader("X-Client-Token", "46436810-d999-454c-bd85-e515fd258600")
                .addHeader("X-Sdk-Date", SDK_DATE)
                .build();
        Map<String, String> signed = AKSKSigner.getInstance().sign(sdk, credentials());
        assertThat(verifier.verify(asReceived(sdk, signed))).isEqualTo(AK);
    }

    @Test
    void rejectsATamperedBodyQueryOrHeaderAndAWrongSecret() {
        HttpRequest sdk = HttpRequest.newBuilder()
                .withEndpoint("http://127.0.0.1:8443")
                .withPath("/v1/" + PROJECT + "/cloudservers/delete")
                .withMethod(HttpMethod.POST)
                .withContentType("application/json")
                .withBodyAsString("{\"servers\":[{\"id\":\"a\"}]}")
                .addQueryParam("x", List.of("1"))
                .addHeader("X-Project-Id", PROJECT)
                .addHeader("X-Sdk-Date", SDK_DATE)
                .build();
        Map<String, String> signed = AKSKSigner.getInstance().sign(sdk, credentials());
        RestRequest good = asReceived(sdk, signed);
        assertThat(verifier.verify(good)).isEqualTo(AK);

        RestRequest otherBody = new RestRequest(
                good.method(), good.path(), good.query(), good.headers(), "{\"servers\":[{\"id\":\"b\"}]}".getBytes());
        RestRequest otherQuery =
                new RestRequest(good.method(), good.path(), Map.of("x", List.of("2")), good.headers(), good.body());
        Map<String, String> otherProject = new HashMap<>(good.headers());
        otherProject.put("x-project-id", "ffffffffffffffffffffffffffffffff");
        RestRequest otherHeader = new RestRequest(good.method(), good.path(), good.query(), otherProject, good.body());
        for (RestRequest bad : List.of(otherBody, otherQuery, otherHeader)) {
            assertThatThrownBy(() -> verifier.verify(bad)).isInstanceOfSatisfying(HuaweiApiException.class, e -> {
                assertThat(e.code()).isEqualTo("APIGW.0301");
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.getMessage()).contains("verify aksk signature fail");
            });
        }
        AkSkVerifier otherSecret =
                new AkSkVerifier(Map.of(AK, "another-secret"), Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        assertThatThrownBy(() -> otherSecret.verify(good)).hasMessageContaining("verify aksk signature fail");
    }

    @Test
    void rejectsAnUnknownKeyAMissingHeaderAndAStaleDate() {
        HttpRequest sdk = vectorRequest();
        Map<String, String> signed = AKSKSigner.getInstance().sign(sdk, credentials());
        RestRequest good = asReceived(sdk, signed);

        assertThatThrownBy(() ->
                        new AkSkVerifier(Map.of("other", SK), Clock.fixed(SIGNED_AT, ZoneOffset.UTC)).verify(good))
                .hasMessageContaining("access key does not exist");
        Map<String, String> noAuth = new HashMap<>(good.headers());
        noAuth.remove("authorization");
        assertThatThrownBy(
                        () -> verifier.verify(new RestRequest("GET", good.path(), good.query(), noAuth, good.body())))
                .hasMessageContaining("Authorization header is missing");
        AkSkVerifier later =
                new AkSkVerifier(Map.of(AK, SK), Clock.fixed(SIGNED_AT.plusSeconds(16 * 60), ZoneOffset.UTC));
        assertThatThrownBy(() -> later.verify(good))
                .isInstanceOfSatisfying(
                        HuaweiApiException.class, e -> assertThat(e.code()).isEqualTo("APIGW.0301"))
                .hasMessageContaining("expired");
    }

    private static BasicCredentials credentials() {
        return new BasicCredentials().withAk(AK).withSk(SK).withProjectId(PROJECT);
    }

    /** The request as the embedded ECS receives it: the SDK's URL, headers plus the signer's, body bytes. */
    private static RestRequest asReceived(HttpRequest sdk, Map<String, String> signerHeaders) {
        Map<String, String> headers = new HashMap<>();
        sdk.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        signerHeaders.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        headers.putIfAbsent("host", sdk.getUrl().getAuthority());
        String body = sdk.getBodyAsString();
        return new RestRequest(
                sdk.getMethod().name(),
                sdk.getUrl().getPath(),
                RestRequest.parseQuery(sdk.getUrl().getQuery()),
                headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }
}
