package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.ProviderException;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one connection of the kubelet API: authenticates and authorizes each request off the event loop, then
 * answers it, streams a followed log, or upgrades the connection to an exec session (SPDY/3.1 or WebSocket).
 */
final class KubeletHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(KubeletHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EXEC_PROTOCOLS = List.of(BackendExecSession.V5, BackendExecSession.V4);

    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String HANDLER = "kubelet";

    private final KubeletServer.Shared shared;

    KubeletHttpHandler(KubeletServer.Shared shared) {
        super(false);
        this.shared = shared;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            request.release();
            ctx.writeAndFlush(text(HttpResponseStatus.BAD_REQUEST, "malformed request"))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // one request at a time per connection: reading resumes once this one is answered or upgraded
        ctx.channel().config().setAutoRead(false);
        X509Certificate certificate = peerCertificate(ctx);
        try {
            shared.workers().execute(() -> handle(ctx, request, certificate));
        } catch (RejectedExecutionException e) {
            respond(ctx, request, text(HttpResponseStatus.SERVICE_UNAVAILABLE, "too many requests"));
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request, X509Certificate certificate) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        try {
            if (!shared.config().anonymousAuth()) {
                Optional<UserInfo> user = shared.authenticator()
                        .authenticate(certificate, request.headers().get(HttpHeaderNames.AUTHORIZATION));
                if (user.isEmpty()) {
                    respond(ctx, request, text(HttpResponseStatus.UNAUTHORIZED, "Unauthorized"));
                    return;
                }
                RequestAttributes attributes =
                        RequestAttributes.of(request.method().name(), path);
                if (!shared.authorizer().allowed(user.get(), attributes)) {
                    respond(
                            ctx,
                            request,
                            text(
                                    HttpResponseStatus.FORBIDDEN,
                                    "Forbidden (user=" + user.get().name()
                                            + ", verb=" + attributes.verb() + ", resource=nodes, subresource="
                                            + attributes.subresource() + ")"));
                    return;
                }
            }
            route(ctx, request, path, uri.parameters());
        } catch (KubernetesClientException e) {
            LOG.warn("Authenticating or authorizing a kubelet API request failed: {}", e.getMessage());
            respond(ctx, request, text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Authorization error"));
        } catch (IllegalArgumentException e) {
            respond(ctx, request, status(HttpResponseStatus.BAD_REQUEST, "BadRequest", e.getMessage()));
        } catch (ProviderException e) {
            respond(ctx, request, providerFailure(e));
        } catch (RuntimeException e) {
            LOG.warn("Kubelet API request {} {} failed", request.method(), path, e);
            respond(ctx, request, status(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError", "internal error"));
        }
    }

    private void route(ChannelHandlerContext ctx, FullHttpRequest request, String path, Map<String, List<String>> query)
            throws ProviderException {
        List<String> segments =
                Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String head = segments.isEmpty() ? "" : segments.get(0);
        boolean read =
                request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        switch (head) {
            case "healthz" -> respond(ctx, request, text(HttpResponseStatus.OK, "ok"));
            case "pods" -> requireRead(ctx, request, read, () -> json(HttpResponseStatus.OK, podList(false)));
            case "runningpods" -> requireRead(ctx, request, read, () -> json(HttpResponseStatus.OK, podList(true)));
            case "stats" -> {
                if (segments.size() == 2 && segments.get(1).equals("summary")) {
                    requireRead(
                            ctx,
                            request,
                            read,
                            () -> json(
                                    HttpResponseStatus.OK,
                                    StatsSummary.of(
                                            shared.config().nodeName(),
                                            shared.startTime(),
                                            shared.usage().snapshot())));
                } else {
                    respond(ctx, request, notFound());
                }
            }
            case "metrics" -> {
                if (segments.size() == 2 && segments.get(1).equals("resource")) {
                    requireRead(ctx, request, read, () -> {
                        FullHttpResponse response = text(
                                HttpResponseStatus.OK,
                                ResourceMetricsText.write(shared.usage().snapshot()));
                        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ResourceMetricsText.CONTENT_TYPE);
                        return response;
                    });
                } else {
                    respond(ctx, request, notFound());
                }
            }
            case "containerLogs" -> {
                if (segments.size() != 4) {
                    respond(ctx, request, notFound());
                } else if (!read) {
                    respond(ctx, request, text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed"));
                } else {
                    logs(ctx, request, segments.get(1), segments.get(2), segments.get(3), query);
                }
            }
            case "exec" -> {
                if (segments.size() == 4) {
                    exec(ctx, request, segments.get(1), segments.get(2), null, segments.get(3), query);
                } else if (segments.size() == 5) {
                    exec(ctx, request, segments.get(1), segments.get(2), segments.get(3), segments.get(4), query);
                } else {
                    respond(ctx, request, notFound());
                }
            }
            case "attach", "portForward" ->
                respond(
                        ctx,
                        request,
                        status(
                                HttpResponseStatus.NOT_IMPLEMENTED,
                                "NotImplemented",
                                head + " is not supported by this node: ECI offers no API for it"));
            default -> respond(ctx, request, notFound());
        }
    }

    private interface ResponseSupplier {
        FullHttpResponse get();
    }

    private void requireRead(
            ChannelHandlerContext ctx, FullHttpRequest request, boolean read, ResponseSupplier supplier) {
        respond(
                ctx,
                request,
                read ? supplier.get() : text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed"));
    }

    // --- pods -------------------------------------------------------------------------------------------------------

    private Object podList(boolean runningOnly) {
        List<Pod> pods = shared.pods().pods();
        if (runningOnly) {
            pods = pods.stream()
                    .filter(pod -> shared.pods().containerGroupId(pod).isPresent() && !isTerminal(pod))
                    .map(KubeletHttpHandler::runtimeView)
                    .toList();
        }
        return new PodListBuilder()
                .withNewMetadata()
                .endMetadata()
                .withItems(pods)
                .build();
    }

    /** What the kubelet's runtime knows of a running Pod: its identity and containers. */
    private static Pod runtimeView(Pod pod) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace())
                .withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewSpec()
                .withContainers(pod.getSpec().getContainers().stream()
                        .map(c -> new ContainerBuilder()
                                .withName(c.getName())
                                .withImage(c.getImage())
                                .build())
                        .toList())
                .endSpec()
                .build();
    }

    private static boolean isTerminal(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    // --- logs -------------------------------------------------------------------------------------------------------

    private record Target(Pod pod, String containerGroupId) {}

    private Target target(String namespace, String name, String uid, String container) {
        Pod pod = shared.pods()
                .find(namespace, name)
                .filter(p -> uid == null || uid.equals(p.getMetadata().getUid()))
                .orElseThrow(() -> new NotFound("pod " + namespace + "/" + name + " not found on this node"));
        boolean known = pod.getSpec() != null
                && Stream.concat(
                                Optional.ofNullable(pod.getSpec().getContainers()).orElse(List.of()).stream(),
                                Optional.ofNullable(pod.getSpec().getInitContainers()).orElse(List.of()).stream())
                        .anyMatch(c -> container.equals(c.getName()));
        if (!known) {
            throw new IllegalArgumentException("container " + container + " is not valid for pod " + name);
        }
        String groupId = shared.pods()
                .containerGroupId(pod)
                .orElseThrow(() -> new IllegalArgumentException("container \"" + container + "\" in pod \"" + name
                        + "\" is waiting to start: no container group yet"));
        return new Target(pod, groupId);
    }

    private void logs(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            String namespace,
            String name,
            String container,
            Map<String, List<String>> query)
            throws ProviderException {
        LogOptions options = LogOptions.parse(query);
        Target target;
        try {
            target = target(namespace, name, null, container);
        } catch (NotFound e) {
            respond(ctx, request, status(HttpResponseStatus.NOT_FOUND, "NotFound", e.getMessage()));
            return;
        }
        ContainerAccess access = shared.access();
        if (!options.follow() || options.previous()) {
            String text = access.logs(target.containerGroupId(), container, options.query());
            if (options.limitBytes() != null) {
                text = Utf8.truncate(text, (int) Math.min(Integer.MAX_VALUE, options.limitBytes()));
            }
            respond(ctx, request, text(HttpResponseStatus.OK, text));
            return;
        }
        String podRef = namespace + "/" + name;
        LogFollower follower = new LogFollower(
                access,
                target.containerGroupId(),
                container,
                options,
                () -> containerRunning(namespace, name, target.containerGroupId(), container),
                shared.clock(),
                podRef);
        String first = follower.firstRead();
        Channel channel = ctx.channel();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setTransferEncodingChunked(head, true);
        HttpUtil.setKeepAlive(head, keepAlive);
        channel.writeAndFlush(head);
        // reading again lets a client's disconnect show, which ends the follow
        channel.config().setAutoRead(true);
        LOG.debug("Following the log of {} container {}", podRef, container);
        follower.stream(
                first,
                new LogFollower.Sink() {
                    @Override
                    public boolean isOpen() {
                        return channel.isActive();
                    }

                    @Override
                    public boolean isWritable() {
                        return channel.isWritable();
                    }

                    @Override
                    public void write(String text) {
                        channel.writeAndFlush(
                                new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
                    }

                    @Override
                    public void end() {
                        var done = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                        if (!keepAlive) {
                            done.addListener(ChannelFutureListener.CLOSE);
                        }
                    }
                },
                shared.scheduler(),
                shared.config().logPollInterval());
    }

    /** Whether the container still runs the instance being followed; a vanished Pod or group ends the follow. */
    private boolean containerRunning(String namespace, String name, String groupId, String container) {
        Optional<Pod> pod = shared.pods().find(namespace, name);
        if (pod.isEmpty()
                || !shared.pods()
                        .containerGroupId(pod.get())
                        .map(groupId::equals)
                        .orElse(false)
                || isTerminal(pod.get())) {
            return false;
        }
        if (pod.get().getStatus() == null) {
            return true;
        }
        return Stream.concat(
                        Optional.ofNullable(pod.get().getStatus().getContainerStatuses()).orElse(List.of()).stream(),
                        Optional.ofNullable(pod.get().getStatus().getInitContainerStatuses())
                                .orElse(List.of())
                                .stream())
                .filter(status -> container.equals(status.getName()))
                .findFirst()
                .map(KubeletHttpHandler::isRunning)
                .orElse(true);
    }

    /** Running, or not yet known; a terminated container, or one waiting to restart after it ended, is not. */
    private static boolean isRunning(ContainerStatus status) {
        if (status.getState() == null) {
            return true;
        }
        if (status.getState().getTerminated() != null) {
            return false;
        }
        boolean restarting = status.getState().getWaiting() != null
                && status.getLastState() != null
                && status.getLastState().getTerminated() != null;
        return !restarting;
    }

    // --- exec -------------------------------------------------------------------------------------------------------

    private void exec(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            String namespace,
            String name,
            String uid,
            String container,
            Map<String, List<String>> query)
            throws ProviderException {
        Target target;
        try {
            target = target(namespace, name, uid, container);
        } catch (NotFound e) {
            respond(ctx, request, status(HttpResponseStatus.NOT_FOUND, "NotFound", e.getMessage()));
            return;
        }
        ExecRequest exec = ExecRequest.parse(query);
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE, "").toLowerCase(Locale.ROOT);
        if (upgrade.equals("websocket")) {
            execOverWebSocket(ctx, request, target, container, exec);
        } else if (upgrade.startsWith("spdy/3.1")) {
            execOverSpdy(ctx, request, target, container, exec);
        } else {
            respond(ctx, request, status(HttpResponseStatus.BAD_REQUEST, "BadRequest", "Upgrade request required"));
        }
    }

    private void execOverSpdy(
            ChannelHandlerContext ctx, FullHttpRequest request, Target target, String container, ExecRequest exec) {
        Optional<String> protocol = negotiate(request.headers().getAll("X-Stream-Protocol-Version"));
        if (protocol.isEmpty()) {
            respond(
                    ctx,
                    request,
                    text(
                            HttpResponseStatus.FORBIDDEN,
                            "unable to upgrade: unable to negotiate "
                                    + "protocol: client supports "
                                    + request.headers().getAll("X-Stream-Protocol-Version")
                                    + ", server supports " + EXEC_PROTOCOLS));
            return;
        }
        ExecBridge bridge = new ExecBridge();
        SpdyExecHandler handler = new SpdyExecHandler(
                exec, bridge, () -> shared.workers().execute(() -> openBackend(bridge, target, container, exec)));
        ctx.executor().execute(() -> {
            FullHttpResponse switching =
                    new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS);
            switching
                    .headers()
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE)
                    .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                    .set("X-Stream-Protocol-Version", protocol.get());
            request.release();
            ctx.writeAndFlush(switching);
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.replace(HTTP_AGGREGATOR, "spdy-codec", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
            pipeline.replace(HANDLER, "spdy-exec", handler);
            pipeline.remove(HTTP_CODEC);
            ctx.channel().config().setAutoRead(true);
        });
    }

    private void execOverWebSocket(
            ChannelHandlerContext ctx, FullHttpRequest request, Target target, String container, ExecRequest exec) {
        String offered = request.headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, "");
        Optional<String> protocol = negotiate(List.of(offered));
        if (protocol.isEmpty()) {
            respond(
                    ctx,
                    request,
                    status(
                            HttpResponseStatus.BAD_REQUEST,
                            "BadRequest",
                            "unsupported WebSocket subprotocol '" + offered + "': use " + EXEC_PROTOCOLS));
            return;
        }
        ExecBridge bridge = new ExecBridge();
        if (!openBackend(bridge, target, container, exec)) {
            // openBackend queued the failure status; with no stream yet it becomes an HTTP error
            respond(
                    ctx,
                    request,
                    status(
                            HttpResponseStatus.INTERNAL_SERVER_ERROR,
                            "InternalError",
                            "cannot open an exec session in container " + container));
            return;
        }
        WebSocketExecHandler handler =
                new WebSocketExecHandler(bridge, protocol.get().equals(BackendExecSession.V5));
        ctx.executor().execute(() -> {
            String location = "wss://" + request.headers().get(HttpHeaderNames.HOST, "localhost") + request.uri();
            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                            location, String.join(",", EXEC_PROTOCOLS), false, 1 << 20)
                    .newHandshaker(request);
            if (handshaker == null) {
                bridge.clientGone();
                respond(ctx, request, text(HttpResponseStatus.UPGRADE_REQUIRED, "unsupported WebSocket version"));
                return;
            }
            ChannelPipeline pipeline = ctx.pipeline();
            pipeline.replace(HANDLER, "ws-exec", handler);
            pipeline.addBefore("ws-exec", "ws-aggregator", new WebSocketFrameAggregator(1 << 20));
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

    /** Opens the provider's exec session and joins it to the bridge; false (and a failure status) when it can't. */
    private boolean openBackend(ExecBridge bridge, Target target, String container, ExecRequest exec) {
        try {
            URI uri = shared.access()
                    .exec(target.containerGroupId(), container, exec.command(), exec.tty(), exec.stdin());
            BackendExecSession session =
                    BackendExecSession.connect(shared.http(), uri, bridge).get(20, TimeUnit.SECONDS);
            bridge.attachBackend(session);
            return true;
        } catch (ProviderException e) {
            bridge.failed(e.isNotFound() ? "NotFound" : "InternalError", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            bridge.failed("InternalError", "interrupted");
        } catch (Exception e) {
            LOG.warn(
                    "Connecting to the exec session of {}/{} container {} failed: {}",
                    target.pod().getMetadata().getNamespace(),
                    target.pod().getMetadata().getName(),
                    container,
                    e.toString());
            bridge.failed("InternalError", "cannot connect to the container's exec session");
        }
        return false;
    }

    /** The first protocol the client offers (in its order of preference) that this server speaks. */
    static Optional<String> negotiate(List<String> headerValues) {
        return headerValues.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(EXEC_PROTOCOLS::contains)
                .findFirst();
    }

    // --- responses --------------------------------------------------------------------------------------------------

    private static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message, null, false, false);
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        if (request.refCnt() == 0) {
            // a stream or upgrade already answered this request: a late failure can only end the connection
            response.release();
            ctx.close();
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        request.release();
        HttpUtil.setContentLength(response, response.content().readableBytes());
        HttpUtil.setKeepAlive(response, keepAlive);
        if (head) {
            response.content().clear();
        }
        var written = ctx.writeAndFlush(response);
        if (keepAlive) {
            written.addListener(done -> ctx.channel().config().setAutoRead(true));
        } else {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        return response;
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object body) {
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
    private static FullHttpResponse status(HttpResponseStatus status, String reason, String message) {
        return json(
                status,
                new StatusBuilder()
                        .withStatus("Failure")
                        .withReason(reason)
                        .withMessage(message)
                        .withCode(status.code())
                        .build());
    }

    private static FullHttpResponse notFound() {
        return text(HttpResponseStatus.NOT_FOUND, "404 page not found");
    }

    private static FullHttpResponse providerFailure(ProviderException e) {
        return switch (e.failureClass()) {
            case NOT_FOUND -> status(HttpResponseStatus.NOT_FOUND, "NotFound", e.getMessage());
            case TRANSIENT, CAPACITY ->
                status(HttpResponseStatus.SERVICE_UNAVAILABLE, "ServiceUnavailable", e.getMessage());
            case PERMANENT -> status(HttpResponseStatus.INTERNAL_SERVER_ERROR, "InternalError", e.getMessage());
        };
    }

    private static X509Certificate peerCertificate(ChannelHandlerContext ctx) {
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

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Kubelet API connection failed", cause);
        ctx.close();
    }
}
