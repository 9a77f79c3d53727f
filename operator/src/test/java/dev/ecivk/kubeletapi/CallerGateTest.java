package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The gate's answers without an apiserver to ask: with no client, no token can be reviewed and no access is granted,
 * so a caller gets in only with anonymous auth. (Reviews against an apiserver: {@code KubeletAuthMockTest}.)
 */
class CallerGateTest {
    private final Clock clock = Clock.systemUTC();
    private final CallerGate webhook =
            new CallerGate(false, new CallerAuthenticator(null, clock), new CallerAuthorizer(null, "vk-test", clock));
    private final CallerGate anonymous =
            new CallerGate(true, new CallerAuthenticator(null, clock), new CallerAuthorizer(null, "vk-test", clock));

    private static HttpRequest request(HttpMethod method, String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    }

    private static String body(Optional<FullHttpResponse> response) {
        return response.orElseThrow().content().toString(StandardCharsets.UTF_8);
    }

    @Test
    void anonymousAuthLetsEveryoneThrough() {
        assertThat(anonymous.refusal(null, request(HttpMethod.POST, "/exec/ns/pod/app"), "/exec/ns/pod/app"))
                .isEmpty();
    }

    @Test
    void aCallerWithoutCredentialsIsUnauthorized() {
        Optional<FullHttpResponse> refusal = webhook.refusal(null, request(HttpMethod.GET, "/pods"), "/pods");

        assertThat(refusal).get().extracting(FullHttpResponse::status).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(body(refusal)).isEqualTo("Unauthorized");
    }

    @Test
    void aTokenNoApiserverCanReviewIsUnauthorized() {
        HttpRequest request = request(HttpMethod.GET, "/pods");
        request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer sensitive-token-value");

        Optional<FullHttpResponse> refusal = webhook.refusal(null, request, "/pods");

        assertThat(refusal).get().extracting(FullHttpResponse::status).isEqualTo(HttpResponseStatus.UNAUTHORIZED);
        assertThat(body(refusal)).doesNotContain("sensitive-token-value");
    }

    @Test
    void aCertificateUserWhomNothingAuthorizesIsForbiddenWithWhatWasAsked() throws Exception {
        TestCertificates.Issued alice =
                TestCertificates.client(TestCertificates.authority("client-ca"), "alice", "developers");

        Optional<FullHttpResponse> refusal =
                webhook.refusal(alice.certificate(), request(HttpMethod.POST, "/exec/ns/pod/app"), "/exec/ns/pod/app");

        assertThat(refusal).get().extracting(FullHttpResponse::status).isEqualTo(HttpResponseStatus.FORBIDDEN);
        assertThat(body(refusal)).isEqualTo("Forbidden (user=alice, verb=create, resource=nodes, subresource=proxy)");
    }
}
