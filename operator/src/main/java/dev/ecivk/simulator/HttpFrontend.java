package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes HTTP requests: {@code /exec/} WebSocket upgrades to exec sessions (where the product has them), {@code
 * /_sim/} to the admin API (loopback callers only), everything else to the signed RPC endpoint, run on the worker
 * pool.
 */
@ChannelHandler.Sharable
public final class HttpFrontend extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFrontend.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PARAMS = 20_000;

    private final RpcEndpoint rpc;
    private final Admin admin;
    private final ExecSessions exec;
    private final ExecutorService workers;

    /** The unsigned admin API of an embedded product under {@code /_sim/}. */
    @FunctionalInterface
    public interface Admin {
        Answer handle(String method, String path, String body);
    }

    /** @param exec exec sessions, or null for a product without them */
    HttpFrontend(RpcEndpoint rpc, Admin admin, ExecSessions exec, ExecutorService workers) {
        this.rpc = rpc;
        this.admin = admin;
        this.exec = exec;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri(), StandardCharsets.UTF_8, true, MAX_PARAMS);
        String path = uri.path();
        if (exec != null && path.startsWith("/exec/")) {
            upgradeExec(ctx, req, uri);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (path.startsWith("/_sim/")) {
            InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
            if (remote == null || !remote.getAddress().isLoopbackAddress()) {
                send(
                        ctx,
                        keepAlive,
                        403,
                        Map.of("Code", "Forbidden", "Message", "The admin API answers loopback" + " callers only."));
                return;
            }
            String body = req.content().toString(StandardCharsets.UTF_8);
            String method = req.method().name();
            submit(ctx, keepAlive, () -> admin.handle(method, path, body));
            return;
        }
        ApiRequest request = toApiRequest(req, uri);
        submit(ctx, keepAlive, () -> rpc.handle(request));
    }

    private void submit(ChannelHandlerContext ctx, boolean keepAlive, java.util.function.Supplier<Answer> work) {
        try {
            workers.execute(() -> {
                Answer a;
                try {
                    a = work.get();
                } catch (RuntimeException e) {
                    LOG.warn("embedded ECI request failed", e);
                    a = new Answer(
                            500,
                            Map.of(
                                    "Code",
                                    "InternalError",
                                    "Message",
                                    "The request processing has" + " failed due to some unknown error."));
                }
                send(ctx, keepAlive, a.status(), a.body());
            });
        } catch (RejectedExecutionException e) {
            send(ctx, false, 503, Map.of("Code", "ServiceUnavailable", "Message", "The embedded ECI is stopping."));
        }
    }

    /** A status and a JSON body. */
    public record Answer(int status, Object body) {}

    private static ApiRequest toApiRequest(FullHttpRequest req, QueryStringDecoder uri) {
        Map<String, String> headers = new HashMap<>();
        req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
        byte[] body = ByteBufUtil.getBytes(req.content());
        Map<String, String> query = first(uri.parameters());
        Map<String, String> form = Map.of();
        String contentType = headers.getOrDefault("content-type", "");
        if (contentType.startsWith("application/x-www-form-urlencoded") && body.length > 0) {
            form = first(new QueryStringDecoder(
                            new String(body, StandardCharsets.UTF_8), StandardCharsets.UTF_8, false, MAX_PARAMS)
                    .parameters());
        }
        return new ApiRequest(req.method().name(), uri.path(), query, form, headers, body);
    }

    private static Map<String, String> first(Map<String, List<String>> multi) {
        Map<String, String> out = new LinkedHashMap<>();
        multi.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    private void upgradeExec(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder uri) {
        List<String> token = uri.parameters().get("s");
        ExecSessions.Session session = exec.take(token == null || token.isEmpty() ? null : token.get(0));
        if (session == null) {
            send(
                    ctx,
                    false,
                    404,
                    Map.of(
                            "Code",
                            "InvalidParameter.NotFound",
                            "Message",
                            "The exec session is unknown" + " or expired."));
            return;
        }
        String location = "ws://" + req.headers().get(HttpHeaderNames.HOST) + req.uri();
        WebSocketServerHandshakerFactory factory =
                new WebSocketServerHandshakerFactory(location, "v4.channel.k8s.io,channel.k8s.io", true, 1 << 20);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        ExecSocketHandler handler = new ExecSocketHandler(handshaker, session);
        ctx.pipeline().replace(this, "exec", handler);
        handshaker.handshake(ctx.channel(), req).addListener(f -> {
            if (f.isSuccess()) {
                handler.begin(ctx.channel());
            }
        });
    }

    static void send(ChannelHandlerContext ctx, boolean keepAlive, int status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            bytes = "{}".getBytes(StandardCharsets.UTF_8);
        }
        FullHttpResponse res = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Unpooled.wrappedBuffer(bytes));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json;charset=utf-8");
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        if (keepAlive) {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(res);
        } else {
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** A request id shaped like Alibaba's (a random UUID, upper case), without SecureRandom contention. */
    static String newRequestId() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return new UUID(r.nextLong(), r.nextLong()).toString().toUpperCase(Locale.ROOT);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("embedded ECI connection error", cause);
        ctx.close();
    }
}
