package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ProviderException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each request of one connection off the event loop, lets the {@link CallerGate} check the caller, and hands
 * the request to what serves its {@link KubeletRoute}; failures become the HTTP errors a kubelet answers with.
 */
final class KubeletHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletHttpHandler.class);

    private final KubeletServer.Shared shared;

    KubeletHttpHandler(KubeletServer.Shared shared) {
        super(false);
        this.shared = shared;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            request.release();
            ctx.writeAndFlush(KubeletResponses.text(HttpResponseStatus.BAD_REQUEST, "malformed request"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // one request at a time per connection: reading resumes once this one is answered or upgraded
        ctx.channel().config().setAutoRead(false);
        X509Certificate certificate = CallerGate.peerCertificate(ctx);
        KubeletExchange exchange = new KubeletExchange(ctx, request);
        try {
            shared.workers().execute(() -> handle(exchange, certificate));
        } catch (RejectedExecutionException e) {
            exchange.respond(KubeletResponses.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests"));
        }
    }

    private void handle(KubeletExchange exchange, X509Certificate certificate) {
        FullHttpRequest request = exchange.request();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        try {
            Optional<FullHttpResponse> refusal = shared.gate().refusal(certificate, request, path);
            if (refusal.isPresent()) {
                exchange.respond(refusal.get());
                return;
            }
            serve(exchange, KubeletRoute.of(exchange.isRead(), path), uri.parameters());
        } catch (KubernetesClientException e) {
            LOG.warn("Authenticating or authorizing a kubelet API request failed: {}", e.getMessage());
            exchange.respond(KubeletResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Authorization error"));
        } catch (ContainerTarget.PodNotFound e) {
            exchange.respond(KubeletResponses.status(HttpResponseStatus.NOT_FOUND, "NotFound", e.getMessage()));
        } catch (IllegalArgumentException e) {
            exchange.respond(KubeletResponses.status(HttpResponseStatus.BAD_REQUEST, "BadRequest", e.getMessage()));
        } catch (ProviderException e) {
            exchange.respond(KubeletResponses.providerFailure(e));
        } catch (RuntimeException e) {
            LOG.warn("Kubelet API request {} {} failed", request.method(), path, e);
            exchange.respond(KubeletResponses.status(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError", "internal error"));
        }
    }

    private void serve(KubeletExchange exchange, KubeletRoute route, Map<String, List<String>> query)
            throws ProviderException {
        // the routes are a sealed family; Java 17 has no pattern switch, so they are told apart in order
        if (route instanceof KubeletRoute.Healthz) {
            exchange.respond(KubeletResponses.text(HttpResponseStatus.OK, "ok"));
        } else if (route instanceof KubeletRoute.PodList list) {
            exchange.respond(KubeletResponses.json(
                    HttpResponseStatus.OK,
                    list.runningOnly() ? PodListing.running(shared.pods()) : PodListing.all(shared.pods())));
        } else if (route instanceof KubeletRoute.Stats) {
            exchange.respond(KubeletResponses.json(
                    HttpResponseStatus.OK,
                    StatsSummary.of(
                            shared.nodeName(),
                            shared.startTime(),
                            shared.usage().snapshot())));
        } else if (route instanceof KubeletRoute.ResourceMetrics) {
            FullHttpResponse response = KubeletResponses.text(
                    HttpResponseStatus.OK,
                    ResourceMetricsText.write(shared.usage().snapshot()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, ResourceMetricsText.CONTENT_TYPE);
            exchange.respond(response);
        } else if (route instanceof KubeletRoute.ContainerLogs logs) {
            shared.logs().serve(exchange, logs, query);
        } else if (route instanceof KubeletRoute.Exec exec) {
            shared.exec().serve(exchange, exec, query);
        } else if (route instanceof KubeletRoute.Unsupported unsupported) {
            exchange.respond(KubeletResponses.status(
                    HttpResponseStatus.NOT_IMPLEMENTED,
                    "NotImplemented",
                    unsupported.feature() + " is not supported by this node: ECI offers no API for it"));
        } else if (route instanceof KubeletRoute.MethodNotAllowed) {
            exchange.respond(KubeletResponses.methodNotAllowed());
        } else {
            exchange.respond(KubeletResponses.notFound());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Kubelet API connection failed", cause);
        ctx.close();
    }
}
