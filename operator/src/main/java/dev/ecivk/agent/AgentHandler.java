package dev.ecivk.agent;

import dev.ecivk.agent.protocol.AgentQueries;
import dev.ecivk.agent.protocol.HttpServers;
import dev.ecivk.agent.protocol.Wire;
import dev.ecivk.agent.runtime.PodSupervisor;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's routes for the controller: a container's logs, the containers' usage, exec, and stopping the Pod. Only
 * the controller's gateway reaches them (the TLS layer admits no other client certificate). Supervisor calls may
 * block on the container runtime, so they run on the worker pool, never on a network thread.
 */
final class AgentHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(AgentHandler.class);
    private static final String EXEC_PROTOCOLS = "v5.channel.k8s.io,v4.channel.k8s.io";

    private final Supplier<PodSupervisor> supervisor;
    private final Consumer<Duration> stopper;
    private final ExecutorService workers;

    /** @param stopper stops the Pod with a grace period (the agent's own stop, which also holds back a late start) */
    AgentHandler(Supplier<PodSupervisor> supervisor, Consumer<Duration> stopper, ExecutorService workers) {
        this.supervisor = supervisor;
        this.stopper = stopper;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean stop = new QueryStringDecoder(request.uri()).path().equals(Wire.AGENT_STOP);
        HttpMethod expected = stop ? HttpMethod.POST : HttpMethod.GET;
        if (!request.decoderResult().isSuccess() || !expected.equals(request.method())) {
            HttpServers.fail(ctx, request, HttpResponseStatus.BAD_REQUEST, "malformed request");
            return;
        }
        ctx.channel().config().setAutoRead(false);
        FullHttpRequest retained = request.retain();
        try {
            workers.execute(() -> {
                try {
                    handle(ctx, retained);
                } finally {
                    retained.release();
                    ctx.channel().config().setAutoRead(true);
                }
            });
        } catch (RejectedExecutionException e) {
            retained.release();
            HttpServers.fail(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "the agent is shutting down");
        }
    }

    private void handle(ChannelHandlerContext ctx, FullHttpRequest request) {
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        String path = uri.path();
        Map<String, List<String>> params = uri.parameters();
        if (path.equals(Wire.AGENT_STOP)) {
            stop(ctx, request);
            return;
        }
        PodSupervisor pod = supervisor.get();
        if (pod == null) {
            HttpServers.fail(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "the Pod has not started yet");
            return;
        }
        try {
            if (path.startsWith(Wire.AGENT_LOGS)) {
                String container = path.substring(Wire.AGENT_LOGS.length());
                HttpServers.text(
                        ctx, request, HttpResponseStatus.OK, pod.logs(container, AgentQueries.parseLogs(params)));
            } else if (path.equals(Wire.AGENT_STATS)) {
                HttpServers.json(ctx, request, HttpResponseStatus.OK, pod.stats());
            } else if (path.startsWith(Wire.AGENT_EXEC)) {
                exec(ctx, request, pod, path.substring(Wire.AGENT_EXEC.length()), params);
            } else {
                HttpServers.fail(ctx, request, HttpResponseStatus.NOT_FOUND, "no such route");
            }
        } catch (IllegalArgumentException e) {
            HttpServers.fail(ctx, request, HttpResponseStatus.BAD_REQUEST, e.getMessage());
        } catch (java.util.NoSuchElementException e) {
            HttpServers.fail(ctx, request, HttpResponseStatus.NOT_FOUND, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Agent request {} failed: {}", path, e.toString());
            HttpServers.fail(ctx, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        }
    }

    private void stop(ChannelHandlerContext ctx, FullHttpRequest request) {
        Wire.StopRequest stop;
        try (ByteBufInputStream in = new ByteBufInputStream(request.content().duplicate())) {
            stop = Wire.JSON.readValue((InputStream) in, Wire.StopRequest.class);
        } catch (IOException e) {
            HttpServers.fail(ctx, request, HttpResponseStatus.BAD_REQUEST, "unreadable stop request");
            return;
        }
        stopper.accept(Duration.ofSeconds(Math.max(0, stop.gracePeriodSeconds())));
        HttpServers.json(ctx, request, HttpResponseStatus.ACCEPTED, null);
    }

    private void exec(
            ChannelHandlerContext ctx,
            FullHttpRequest request,
            PodSupervisor pod,
            String container,
            Map<String, List<String>> params)
            throws IOException {
        List<String> command = params.getOrDefault("command", List.of());
        if (command.isEmpty()) {
            throw new IllegalArgumentException("exec needs a command");
        }
        boolean tty = "true".equals(first(params, "tty"));
        boolean stdin = "true".equals(first(params, "stdin"));
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                        "wss://agent" + request.uri(), EXEC_PROTOCOLS, false, 1 << 20)
                .newHandshaker(request);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
            return;
        }
        PodSupervisor.ExecProcess process = pod.exec(container, command, tty, stdin);
        AgentExecSocket socket = new AgentExecSocket(handshaker, process);
        ctx.pipeline().replace(this, "exec", socket);
        handshaker.handshake(ctx.channel(), request).addListener(done -> {
            if (done.isSuccess()) {
                socket.begin(ctx.channel());
            } else {
                process.close();
            }
        });
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("Agent connection failed: {}", cause.toString());
        ctx.close();
    }
}
