package dev.ecivk.kubeletapi;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A stand-in for the provider's exec WebSocket endpoint ({@code v5}/{@code v4.channel.k8s.io} framing). Commands:
 * {@code echo ARGS} prints them; {@code fail N} prints to stderr and exits N; {@code cat} echoes stdin until it is
 * closed; {@code size} prints each terminal resize until stdin is closed.
 */
final class FakeExecBackend implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    /** Sessions whose connection has closed. */
    final java.util.concurrent.atomic.AtomicInteger closedSessions = new java.util.concurrent.atomic.AtomicInteger();

    private final Channel server;

    FakeExecBackend() throws InterruptedException {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(65536))
                                .addLast(new WebSocketServerProtocolHandler(
                                        "/exec", "v5.channel.k8s.io,v4.channel.k8s.io", false, 65536, false, true))
                                .addLast(new Session(closedSessions));
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0))
                .sync()
                .channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static final class Session extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        private final java.util.concurrent.atomic.AtomicInteger closed;
        private List<String> command = List.of();

        Session(java.util.concurrent.atomic.AtomicInteger closed) {
            this.closed = closed;
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.incrementAndGet();
            ctx.fireChannelInactive();
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete handshake) {
                command = new QueryStringDecoder(handshake.requestUri())
                        .parameters()
                        .getOrDefault("cmd", List.of());
                start(ctx);
            }
        }

        private void start(ChannelHandlerContext ctx) {
            switch (command.isEmpty() ? "" : command.get(0)) {
                case "echo" -> {
                    send(ctx, 1, String.join(" ", command.subList(1, command.size())) + "\n");
                    exit(ctx, 0);
                }
                case "fail" -> {
                    send(ctx, 2, "boom\n");
                    exit(ctx, Integer.parseInt(command.get(1)));
                }
                case "cat", "size" -> {
                    // wait for input
                }
                default -> exit(ctx, 127);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
            ByteBuf content = frame.content();
            int channel = content.readUnsignedByte();
            byte[] payload = ByteBufUtil.getBytes(content);
            String name = command.isEmpty() ? "" : command.get(0);
            if (channel == 0 && name.equals("cat")) {
                send(ctx, 1, new String(payload, StandardCharsets.UTF_8));
            } else if (channel == 4 && name.equals("size")) {
                String json = new String(payload, StandardCharsets.UTF_8);
                String width = json.replaceAll(".*\"Width\":(\\d+).*", "$1");
                String height = json.replaceAll(".*\"Height\":(\\d+).*", "$1");
                send(ctx, 1, "size " + width + "x" + height + "\n");
            } else if (channel == 255 && payload.length > 0 && payload[0] == 0) {
                exit(ctx, 0);
            }
        }

        private static void send(ChannelHandlerContext ctx, int channel, String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            ByteBuf buf = Unpooled.buffer(bytes.length + 1).writeByte(channel).writeBytes(bytes);
            ctx.writeAndFlush(new BinaryWebSocketFrame(buf));
        }

        private static void exit(ChannelHandlerContext ctx, int code) {
            byte[] status = code == 0 ? ExecStatus.success() : ExecStatus.exitCode(code);
            ByteBuf buf = Unpooled.buffer().writeByte(3).writeBytes(status);
            ctx.writeAndFlush(new BinaryWebSocketFrame(buf));
            ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
