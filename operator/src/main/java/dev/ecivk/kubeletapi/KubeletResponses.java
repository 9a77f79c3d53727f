package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.ProviderException;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** The bodies the kubelet API answers with: plain text, JSON, and metav1.Status for errors kubectl shows. */
final class KubeletResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KubeletResponses() {}

    static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    static FullHttpResponse json(HttpResponseStatus status, Object body) {
        try {
            FullHttpResponse response = new DefaultFullHttpResponse(
                    HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return response;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A metav1.Status body, as the apiserver shows kubelet errors to kubectl. */
    static FullHttpResponse status(HttpResponseStatus status, String reason, String message) {
        return json(
                status,
                new StatusBuilder()
                        .withStatus("Failure")
                        .withReason(reason)
                        .withMessage(message)
                        .withCode(status.code())
                        .build());
    }

    /** What Go's HTTP mux answers for a path it does not serve, as a kubelet does. */
    static FullHttpResponse notFound() {
        return text(HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    static FullHttpResponse methodNotAllowed() {
        return text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed");
    }

    /** A provider failure by its class: gone is 404, retryable is 503, anything else 500. */
    static FullHttpResponse providerFailure(ProviderException e) {
        return switch (e.failureClass()) {
            case NOT_FOUND -> status(HttpResponseStatus.NOT_FOUND, "NotFound", e.getMessage());
            case TRANSIENT, CAPACITY ->
                status(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", e.getMessage());
            case PERMANENT -> status(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError", e.getMessage());
        };
    }
}
