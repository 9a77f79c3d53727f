package dev.ecivk.simulator;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server of an embedded Alibaba Cloud product: Netty accepting and decoding, the product's {@link
 * RpcEndpoint} and admin API run on a worker pool. Shared by the embedded ECI and the embedded ECS.
 */
public final class RpcServer implements AutoCloseable {
    private final String bindAddress;
    private final EventLoopGroup boss;
    private final EventLoopGroup io;
    private final ExecutorService workers;
    private Channel serverChannel;
    private int port;

    private RpcServer(String name, String bindAddress, int workerThreads) {
        this.bindAddress = bindAddress;
        this.boss = new NioEventLoopGroup(1, daemonThreads(name + "-accept"));
        this.io = new NioEventLoopGroup(2, daemonThreads(name + "-io"));
        this.workers = new ThreadPoolExecutor(
                workerThreads,
                workerThreads,
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads(name + "-worker"));
    }

    /**
     * Listens on {@code bindAddress:port} (0 picks a free port) for a product without exec sessions.
     *
     * @param name prefix of the server's thread names
     */
    public static RpcServer start(
            String name, String bindAddress, int port, int workerThreads, RpcEndpoint rpc, HttpFrontend.Admin admin) {
        return start(name, bindAddress, port, workerThreads, rpc, admin, null);
    }

    static RpcServer start(
            String name,
            String bindAddress,
            int port,
            int workerThreads,
            RpcEndpoint rpc,
            HttpFrontend.Admin admin,
            ExecSessions exec) {
        RpcServer server = new RpcServer(name, bindAddress, workerThreads);
        try {
            server.bind(port, new HttpFrontend(rpc, admin, exec, server.workers));
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind(int requestedPort, HttpFrontend frontend) {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, io)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new HttpServerCodec(8 << 20, 64 * 1024, 64 * 1024))
                                .addLast(new HttpObjectAggregator(16 << 20))
                                .addLast(frontend);
                    }
                });
        try {
            serverChannel = b.bind(new InetSocketAddress(bindAddress, requestedPort))
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + bindAddress + ":" + requestedPort, e);
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public int port() {
        return port;
    }

    /** {@code host:port} to give a client (protocol HTTP); a wildcard bind is reached on loopback. */
    public String endpoint() {
        String host = bindAddress.equals("0.0.0.0") ? "127.0.0.1" : bindAddress;
        return host + ":" + port;
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        workers.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** Daemon threads named {@code prefix-N}: an embedded cloud never keeps the JVM alive. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
