package dev.ecivk.agent.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A small netty HTTP(S) server for both ends of the agent protocol, and its JSON answers. */
public final class HttpServers {
    /** Requests of the agent protocol are small: a Pod spec or a status report. */
    public static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;

    private HttpServers() {}

    /** A bound server; closing it releases the port and the threads. */
    public record Bound(Channel channel, EventLoopGroup boss, EventLoopGroup io) implements AutoCloseable {
        public int port() {
            return ((InetSocketAddress) channel.localAddress()).getPort();
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
            boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        }
    }

    /**
     * Binds {@code address:port} (0 picks a free port); every connection gets TLS when {@code tls} is given, an HTTP
     * codec, an aggregator and a fresh handler from {@code handlers}.
     */
    public static Bound bind(String name, String address, int port, SslContext tls, Supplier<ChannelHandler> handlers)
            throws IOException {
        EventLoopGroup boss = new NioEventLoopGroup(1, daemonThreads(name + "-accept"));
        EventLoopGroup io = new NioEventLoopGroup(2, daemonThreads(name + "-io"));
        try {
            Channel channel = new ServerBootstrap()
                    .group(boss, io)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (tls != null) {
                                ch.pipeline().addLast("tls", tls.newHandler(ch.alloc()));
                            }
                            ch.pipeline()
                                    .addLast("http", new HttpServerCodec())
                                    .addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                    .addLast("handler", handlers.get());
                        }
                    })
                    .bind(new InetSocketAddress(address, port))
                    .sync()
                    .channel();
            return new Bound(channel, boss, io);
        } catch (Exception e) {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("cannot listen on " + address + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Answers {@code request} with {@code body} as JSON (null: no body). */
    public static void json(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, Object body) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : Wire.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an agent protocol answer", e);
        }
        respond(ctx, request, status, "application/json", bytes);
    }

    /** Answers with plain text. */
    public static void text(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
        respond(ctx, request, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** Answers with an error message as JSON. */
    public static void fail(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String why) {
        json(ctx, request, status, new Wire.Failure(why));
    }

    private static void respond(
            ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String type, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        HttpUtil.setContentLength(response, body.length);
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
