package dev.ecivk.agent.gateway;

import dev.ecivk.agent.protocol.HttpServers;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet API reaches exec sessions by a WebSocket URI it connects to with a default client; agents serve exec
 * over mutual TLS with pinned certificates. This relay bridges the two on loopback: each exec gets a one-time,
 * short-lived ticket URL ({@code ws://127.0.0.1:<port>/exec/<ticket>}); connecting to it opens the WebSocket to the
 * agent and copies the channel-framed messages both ways unchanged.
 */
final class ExecRelay implements AutoCloseable {
    static final Duration TICKET_TTL = Duration.ofSeconds(30);
    private static final List<String> PROTOCOLS = List.of("v5.channel.k8s.io", "v4.channel.k8s.io");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpClient agentClient;
    private final Clock clock;
    private final Map<String, Ticket> tickets = new ConcurrentHashMap<>();
    private HttpServers.Bound server;

    private record Ticket(URI target, Instant expires) {}

    private ExecRelay(HttpClient agentClient, Clock clock) {
        this.agentClient = agentClient;
        this.clock = clock;
    }

    static ExecRelay start(HttpClient agentClient, Clock clock) throws IOException {
        ExecRelay relay = new ExecRelay(agentClient, clock);
        relay.server = HttpServers.bind("ecivk-exec-relay", "127.0.0.1", 0, null, () -> relay.new Upgrade());
        return relay;
    }

    /** A one-time URL that, once connected to, relays to the agent's exec at {@code target}. */
    URI open(URI target) {
        Instant now = clock.instant();
        tickets.values().removeIf(t -> t.expires().isBefore(now));
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String ticket = HexFormat.of().formatHex(random);
        tickets.put(ticket, new Ticket(target, now.plus(TICKET_TTL)));
        return URI.create("ws://127.0.0.1:" + server.port() + "/exec/" + ticket);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }

    /** The HTTP side: a ticket's upgrade request, answered once the agent's session is open. */
    private final class Upgrade extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = new QueryStringDecoder(request.uri()).path();
            Ticket ticket = path.startsWith("/exec/") ? tickets.remove(path.substring("/exec/".length())) : null;
            if (ticket == null || ticket.expires().isBefore(clock.instant())) {
                HttpServers.fail(ctx, request, HttpResponseStatus.NOT_FOUND, "unknown or expired exec session");
                return;
            }
            List<String> offered = offered(request.headers().get("Sec-WebSocket-Protocol"));
            Channel channel = ctx.channel();
            channel.config().setAutoRead(false);
            FullHttpRequest upgrade = request.retainedDuplicate();
            ToClient toClient = new ToClient(channel);
            agentClient
                    .newWebSocketBuilder()
                    .subprotocols(
                            offered.get(0), offered.subList(1, offered.size()).toArray(String[]::new))
                    .connectTimeout(Duration.ofSeconds(15))
                    .buildAsync(ticket.target(), toClient)
                    .whenComplete((agent, error) -> channel.eventLoop().execute(() -> {
                        try {
                            if (error != null) {
                                HttpServers.fail(
                                        ctx,
                                        upgrade,
                                        HttpResponseStatus.BAD_GATEWAY,
                                        "cannot reach the agent: " + rootMessage(error));
                                return;
                            }
                            WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                                            "ws://127.0.0.1" + path, agent.getSubprotocol(), false, 1 << 20)
                                    .newHandshaker(upgrade);
                            if (handshaker == null) {
                                agent.abort();
                                WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(channel);
                                return;
                            }
                            ctx.pipeline().replace(this, "relay", new ToAgent(handshaker, agent));
                            handshaker.handshake(channel, upgrade);
                            toClient.open();
                            channel.config().setAutoRead(true);
                        } finally {
                            upgrade.release();
                        }
                    }));
        }

        private List<String> offered(String header) {
            if (header == null || header.isBlank()) {
                return PROTOCOLS;
            }
            List<String> offered = Arrays.stream(header.split(","))
                    .map(String::trim)
                    .filter(PROTOCOLS::contains)
                    .toList();
            return offered.isEmpty() ? PROTOCOLS : offered;
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    /** Client frames → the agent; sends serialised, as a JDK WebSocket allows one outstanding send. */
    private static final class ToAgent extends SimpleChannelInboundHandler<WebSocketFrame> {
        private final WebSocketServerHandshaker handshaker;
        private final WebSocket agent;
        private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

        ToAgent(WebSocketServerHandshaker handshaker, WebSocket agent) {
            this.handshaker = handshaker;
            this.agent = agent;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                sending = sending.thenCompose(ignored -> agent.sendClose(WebSocket.NORMAL_CLOSURE, ""));
                handshaker.close(ctx.channel(), close.retain());
            } else if (frame instanceof PingWebSocketFrame) {
                ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            } else if (frame instanceof BinaryWebSocketFrame) {
                ByteBuffer copy = ByteBuffer.allocate(frame.content().readableBytes());
                frame.content().readBytes(copy);
                copy.flip();
                sending = sending.thenCompose(ignored -> agent.sendBinary(copy, true));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            agent.abort();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            agent.abort();
            ctx.close();
        }
    }

    /** Agent messages → the client; what arrives before the client's handshake is answered waits for it. */
    private static final class ToClient implements WebSocket.Listener {
        private final Channel channel;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final List<Runnable> waiting = new java.util.ArrayList<>();
        private boolean open;

        ToClient(Channel channel) {
            this.channel = channel;
        }

        synchronized void open() {
            open = true;
            waiting.forEach(Runnable::run);
            waiting.clear();
        }

        private synchronized void toClient(Runnable write) {
            if (open) {
                write.run();
            } else {
                waiting.add(write);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.write(bytes, 0, bytes.length);
            if (last) {
                ByteBuf message = Unpooled.wrappedBuffer(partial.toByteArray());
                partial.reset();
                toClient(() -> channel.writeAndFlush(new BinaryWebSocketFrame(message)));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            toClient(() ->
                    channel.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            toClient(channel::close);
        }
    }
}
