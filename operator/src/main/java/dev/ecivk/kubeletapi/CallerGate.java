package dev.ecivk.kubeletapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Lets a request through or refuses it, as a kubelet in webhook mode: everyone when anonymous auth is on; otherwise
 * an unauthenticated caller gets 401 and a caller the SubjectAccessReview denies gets 403 naming what was asked.
 */
final class CallerGate {
    private final boolean anonymous;
    private final CallerAuthenticator authenticator;
    private final CallerAuthorizer authorizer;

    CallerGate(boolean anonymous, CallerAuthenticator authenticator, CallerAuthorizer authorizer) {
        this.anonymous = anonymous;
        this.authenticator = authenticator;
        this.authorizer = authorizer;
    }

    /**
     * The refusal to send instead of an answer, or empty when the caller may go on. Calls the apiserver (TokenReview,
     * SubjectAccessReview) on a cache miss, so never on the event loop.
     *
     * @param certificate the client certificate the TLS handshake verified, or null
     */
    Optional<FullHttpResponse> refusal(X509Certificate certificate, HttpRequest request, String path) {
        if (anonymous) {
            return Optional.empty();
        }
        Optional<UserInfo> user =
                authenticator.authenticate(certificate, request.headers().get(HttpHeaderNames.AUTHORIZATION));
        if (user.isEmpty()) {
            return Optional.of(KubeletResponses.text(HttpResponseStatus.UNAUTHORIZED, "Unauthorized"));
        }
        RequestAttributes attributes = RequestAttributes.of(request.method().name(), path);
        if (authorizer.allowed(user.get(), attributes)) {
            return Optional.empty();
        }
        return Optional.of(KubeletResponses.text(
                HttpResponseStatus.FORBIDDEN,
                "Forbidden (user=" + user.get().name() + ", verb=" + attributes.verb()
                        + ", resource=nodes, subresource=" + attributes.subresource() + ")"));
    }

    /** The certificate the caller presented and the TLS handshake verified, or null. */
    static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x509 ? x509 : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }
}
