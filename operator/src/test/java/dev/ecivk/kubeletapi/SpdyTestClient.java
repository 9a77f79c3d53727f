package dev.ecivk.kubeletapi;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynStreamFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyFrameCodec;
import io.netty.handler.codec.spdy.SpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SPDY/3.1 exec client as kube-apiserver is one toward kubelets: an HTTP upgrade offering the
 * channel.k8s.io protocols, then one client-initiated stream per {@code streamType}.
 */
final class SpdyTestClient implements AutoCloseable {
    static final List<String> APISERVER_PROTOCOLS = List.of(
            "v5.channel.k8s.io", "v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io");

    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private Channel channel;
    final CompletableFuture<FullHttpResponse> upgradeResponse = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final Map<String, Integer> streamIds = new ConcurrentHashMap<>();
    final Map<Integer, ByteArrayOutputStream> data = new ConcurrentHashMap<>();
    final Set<Integer> replied = ConcurrentHashMap.newKeySet();
    final Set<Integer> finished = ConcurrentHashMap.newKeySet();
    final Set<Integer> pings = ConcurrentHashMap.newKeySet();
    private int nextStreamId = 1;

    /** Connects and sends the upgrade request; waits for the server's answer. */
    FullHttpResponse upgrade(X509Certificate serverCertificate, int port, String pathAndQuery, List<String> protocols)
            throws Exception {
        SslContext ssl =
                SslContextBuilder.forClient().trustManager(serverCertificate).build();
        channel = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("tls", ssl.newHandler(ch.alloc(), "127.0.0.1", port))
                                .addLast("http", new HttpClientCodec())
                                .addLast("aggregator", new HttpObjectAggregator(65536))
                                .addLast("client", new Handler());
                    }
                })
                .connect("127.0.0.1", port)
                .sync()
                .channel();
        DefaultFullHttpRequest request =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, pathAndQuery);
        request.headers()
                .set(HttpHeaderNames.HOST, "127.0.0.1:" + port)
                .set(HttpHeaderNames.CONNECTION, "Upgrade")
                .set(HttpHeaderNames.UPGRADE, "SPDY/3.1")
                .set(HttpHeaderNames.CONTENT_LENGTH, 0);
        protocols.forEach(protocol -> request.headers().add("X-Stream-Protocol-Version", protocol));
        channel.writeAndFlush(request);
        return upgradeResponse.get(10, TimeUnit.SECONDS);
    }

    /** Opens a stream of the given type, as the Go client does, and waits for the server's SYN_REPLY. */
    int openStream(String type) throws Exception {
        int id = nextStreamId;
        nextStreamId += 2;
        streamIds.put(type, id);
        DefaultSpdySynStreamFrame syn = new DefaultSpdySynStreamFrame(id, 0, (byte) 0);
        syn.headers().set("streamtype", type);
        channel.writeAndFlush(syn).sync();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!replied.contains(id) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (!replied.contains(id)) {
            throw new IllegalStateException("no SYN_REPLY for " + type);
        }
        return id;
    }

    void send(String type, String text, boolean last) {
        DefaultSpdyDataFrame frame =
                new DefaultSpdyDataFrame(streamIds.get(type), Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        frame.setLast(last);
        channel.writeAndFlush(frame);
    }

    void ping(int id) {
        channel.writeAndFlush(new io.netty.handler.codec.spdy.DefaultSpdyPingFrame(id));
    }

    /** Drops the connection without any goodbye, as a killed client would. */
    void abort() {
        channel.close();
    }

    String text(String type) {
        ByteArrayOutputStream out = data.get(streamIds.get(type));
        return out == null ? "" : out.toString(StandardCharsets.UTF_8);
    }

    boolean isFinished(String type) {
        return finished.contains(streamIds.get(type));
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof FullHttpResponse response) {
                    if (response.status().code() == 101) {
                        ctx.pipeline().addAfter("http", "spdy", new SpdyFrameCodec(SpdyVersion.SPDY_3_1));
                        ctx.pipeline().remove("aggregator");
                        ctx.pipeline().remove("http");
                    }
                    upgradeResponse.complete(response.retainedDuplicate());
                } else if (msg instanceof io.netty.handler.codec.spdy.SpdyPingFrame ping) {
                    pings.add(ping.id());
                } else if (msg instanceof SpdySynReplyFrame reply) {
                    replied.add(reply.streamId());
                } else if (msg instanceof SpdyDataFrame frame) {
                    data.computeIfAbsent(frame.streamId(), k -> new ByteArrayOutputStream())
                            .writeBytes(ByteBufUtil.getBytes(frame.content()));
                    if (frame.isLast()) {
                        finished.add(frame.streamId());
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closed.complete(null);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            upgradeResponse.completeExceptionally(cause);
            closed.completeExceptionally(cause);
            ctx.close();
        }
    }
}
