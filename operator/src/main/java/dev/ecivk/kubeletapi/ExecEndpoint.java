package dev.ecivk.kubeletapi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * {@code /exec/...}: checks the target and the command, then upgrades the connection to the stream protocol the
 * caller asked for — SPDY/3.1, which the apiserver's node proxy always uses, or WebSocket, which direct clients may
 * use — and hands it to {@link SpdyExecHandler} or {@link WebSocketExecHandler}, joined to the provider's session
 * through an {@link ExecBridge}.
 */
final class ExecEndpoint {
    static final String STREAM_PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    private static final int MAX_WEBSOCKET_FRAME = 1 << 20;

    private final PodDirectory pods;
    private final ExecSessionOpener opener;
    private final ExecutorService workers;

    ExecEndpoint(PodDirectory pods, ExecSessionOpener opener, ExecutorService workers) {
        this.pods = pods;
        this.opener = opener;
        this.workers = workers;
    }

    void serve(KubeletExchange exchange, KubeletRoute.Exec route, Map<String, List<String>> query) {
        ContainerTarget target =
                ContainerTarget.resolve(pods, route.namespace(), route.pod(), route.uid(), route.container());
        ExecRequest exec = ExecRequest.parse(query);
        String upgrade =
                exchange.request().headers().get(HttpHeaderNames.UPGRADE, "").toLowerCase(Locale.ROOT);
        if (upgrade.equals("websocket")) {
            overWebSocket(exchange, target, exec);
        } else if (upgrade.startsWith("spdy/3.1")) {
            overSpdy(exchange, target, exec);
        } else {
            exchange.respond(
                    KubeletResponses.status(HttpResponseStatus.BAD_REQUEST, "BadRequest", "Upgrade request required"));
        }
    }

    /** The session opens once the client has created its streams, so the backend starts from the SPDY handler. */
    private void overSpdy(KubeletExchange exchange, ContainerTarget target, ExecRequest exec) {
        FullHttpRequest request = exchange.request();
        List<String> offered = request.headers().getAll(STREAM_PROTOCOL_HEADER);
        Optional<String> protocol = ExecProtocols.negotiate(offered);
        if (protocol.isEmpty()) {
            exchange.respond(KubeletResponses.text(
                    HttpResponseStatus.FORBIDDEN,
                    "unable to upgrade: unable to negotiate protocol: client supports " + offered + ", server supports "
                            + ExecProtocols.SUPPORTED));
            return;
        }
        ExecBridge bridge = new ExecBridge();
        SpdyExecHandler handler =
                new SpdyExecHandler(exec, bridge, () -> workers.execute(() -> opener.open(bridge, target, exec)));
        ChannelHandlerContext ctx = exchange.ctx();
        ctx.executor().execute(() -> {
            FullHttpResponse switching =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
            switching
                    .headers()
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                    .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                    .set(STREAM_PROTOCOL_HEADER, protocol.get());
            request.release();
            ctx.writeAndFlush(switching);
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.replace(KubeletServer.HTTP_AGGREGATOR, "spdy-codec", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            pipeline.replace(KubeletServer.HTTP_HANDLER, "spdy-exec", handler);
            pipeline.remove(KubeletServer.HTTP_CODEC);
            ctx.channel().config().setAutoRead(true);
        });
    }

    /** The session opens before the handshake, so a failure can still be an HTTP error. */
    private void overWebSocket(KubeletExchange exchange, ContainerTarget target, ExecRequest exec) {
        FullHttpRequest request = exchange.request();
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
        Optional<String> protocol = ExecProtocols.negotiate(List.of(offered));
        if (protocol.isEmpty()) {
            exchange.respond(KubeletResponses.status(
                    HttpResponseStatus.BAD_REQUEST,
                    "BadRequest",
                    "unsupported WebSocket subprotocol '" + offered + "': use " + ExecProtocols.SUPPORTED));
            return;
        }
        ExecBridge bridge = new ExecBridge();
        if (!opener.open(bridge, target, exec)) {
            // the opener queued the failure status; with no stream yet it becomes an HTTP error
            exchange.respond(KubeletResponses.status(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "InternalError",
                    "cannot open an exec session in container " + target.container()));
            return;
        }
        WebSocketExecHandler handler =
                new WebSocketExecHandler(bridge, protocol.get().equals(BackendExecSession.V5));
        ChannelHandlerContext ctx = exchange.ctx();
        ctx.executor().execute(() -> {
            String location = "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                            location, String.join(",", ExecProtocols.SUPPORTED), false, MAX_WEBSOCKET_FRAME)
                    .newHandshaker(request);
            if (handshaker == null) {
                bridge.clientGone();
                exchange.respond(
                        KubeletResponses.text(HttpResponseStatus.UPGRADE_REQUIRED, "unsupported WebSocket version"));
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.replace(KubeletServer.HTTP_HANDLER, "ws-exec", handler);
            pipeline.addBefore("ws-exec", "ws-aggregator", new WebSocketFrameAggregator(MAX_WEBSOCKET_FRAME));
            handshaker.handshake(ctx.channel(), request).addListener(done -> {
                request.release();
                if (done.isSuccess()) {
                    bridge.attachFrontend(handler);
                    ctx.channel().config().setAutoRead(true);
                } else {
                    bridge.clientGone();
                    ctx.close();
                }
            });
        });
    }
}
