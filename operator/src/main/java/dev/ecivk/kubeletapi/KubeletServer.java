package dev.ecivk.kubeletapi;

import dev.ecivk.provider.ContainerAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's kubelet API over HTTPS, what the apiserver's node proxy and metrics-server call: container logs (with
 * follow emulated by polling), exec over SPDY/3.1 and WebSocket, {@code /pods}, {@code /runningpods/},
 * {@code /stats/summary}, {@code /metrics/resource} and {@code /healthz}. Callers are authenticated by client
 * certificate or TokenReview and authorized by SubjectAccessReview, as a kubelet in webhook mode.
 */
public final class KubeletServer implements AutoCloseable {
    /** The route templates of the kubelet API, as its request metrics name them. */
    public static final List<String> ROUTES = RequestMetricsHandler.ROUTES;

    private static final Logger LOG = LoggerFactory.getLogger(KubeletServer.class);
    private static final int MAX_WORKERS = 64;

    /** Names of the connection pipeline's HTTP stages, which an exec upgrade replaces. */
    static final String HTTP_CODEC = "http-codec";

    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String HTTP_HANDLER = "kubelet";

    /**
     * What every connection's handler shares.
     *
     * @param workers where requests are served, off the event loop
     */
    record Shared(
            String nodeName,
            Instant startTime,
            CallerGate gate,
            PodDirectory pods,
            ResourceUsageSource usage,
            ContainerLogsEndpoint logs,
            ExecEndpoint exec,
            ExecutorService workers) {}

    private final KubeletServerConfig config;
    private final PodDirectory pods;
    private final ContainerAccess access;
    private final KubernetesClient client;
    private final Clock clock;
    private ServingIdentity identity;
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private ThreadPoolExecutor workers;
    private ScheduledThreadPoolExecutor scheduler;
    private Channel serverChannel;

    /**
     * @param client the apiserver client for TokenReviews and SubjectAccessReviews; may be null only with anonymous
     *     auth
     */
    public KubeletServer(
            KubeletServerConfig config,
            PodDirectory pods,
            ContainerAccess access,
            KubernetesClient client,
            Clock clock) {
        if (client == null && !config.anonymousAuth()) {
            throw new IllegalArgumentException("authentication needs a Kubernetes client");
        }
        this.config = config;
        this.pods = pods;
        this.access = access;
        this.client = client;
        this.clock = clock;
    }

    /** Told about every request, for metrics. */
    @FunctionalInterface
    public interface RequestListener {
        void onRequest(String route, int code, Duration took);
    }

    private volatile RequestListener requestListener = (route, code, took) -> {};

    /** Sets the listener told about every request; call before {@link #start()}. */
    public KubeletServer onRequest(RequestListener listener) {
        this.requestListener = listener;
        return this;
    }

    /** Binds the port and serves; fails if the certificate files are unreadable or the port is taken. */
    public synchronized void start() throws IOException {
        if (serverChannel != null) {
            return;
        }
        identity = config.tlsCert() != null
                ? ServingIdentity.fromPem(config.tlsCert(), config.tlsKey())
                : ServingIdentity.selfSigned(
                        config.nodeName(),
                        ServingIdentity.defaultSubjectAltNames(config.nodeName(), config.nodeIp()),
                        clock.instant());
        SslContext ssl = sslContext(identity);
        workers = new ThreadPoolExecutor(
                0, MAX_WORKERS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), daemonThreads("kubelet-api-worker"));
        scheduler = new ScheduledThreadPoolExecutor(4, daemonThreads("kubelet-api-poll"));
        scheduler.setRemoveOnCancelPolicy(true);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build();
        Shared shared = new Shared(
                config.nodeName(),
                clock.instant(),
                new CallerGate(
                        config.anonymousAuth(),
                        new CallerAuthenticator(client, clock),
                        new CallerAuthorizer(client, config.nodeName(), clock)),
                pods,
                new ResourceUsageSource(pods, access, clock, config.metricsCacheTtl()),
                new ContainerLogsEndpoint(pods, access, clock, scheduler, config.logPollInterval()),
                new ExecEndpoint(pods, new ExecSessionOpener(access, http), workers),
                workers);
        bossGroup = new NioEventLoopGroup(1, daemonThreads("kubelet-api-accept"));
        ioGroup = new NioEventLoopGroup(2, daemonThreads("kubelet-api-io"));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, ioGroup)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline()
                                .addLast("tls", ssl.newHandler(channel.alloc()))
                                .addLast(HTTP_CODEC, new HttpServerCodec())
                                .addLast("metrics", new RequestMetricsHandler(requestListener))
                                .addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(64 * 1024))
                                .addLast(HTTP_HANDLER, new KubeletHttpHandler(shared));
                    }
                });
        try {
            serverChannel = bootstrap
                    .bind(new InetSocketAddress(config.bindAddress(), config.port()))
                    .sync()
                    .channel();
        } catch (Exception e) {
            stop();
            throw new IOException("cannot listen on " + config.bindAddress() + ":" + config.port(), e);
        }
        LOG.info(
                "Kubelet API listening on https://{}:{} (client CA: {}, anonymous: {})",
                config.bindAddress(),
                port(),
                config.clientCa() != null,
                config.anonymousAuth());
    }

    /** The bound port (the configured one, or the one picked for port 0). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The serving certificate, for clients that pin a generated one. */
    public synchronized X509Certificate servingCertificate() {
        if (identity == null) {
            throw new IllegalStateException("not started");
        }
        return identity.certificate();
    }

    public synchronized void stop() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
            serverChannel = null;
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            bossGroup = null;
            ioGroup = null;
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
            workers.shutdownNow();
            scheduler = null;
            workers = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private SslContext sslContext(ServingIdentity identity) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forServer(
                        identity.key(), identity.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3", "TLSv1.2");
        if (config.clientCa() != null) {
            List<X509Certificate> authorities = ServingIdentity.readCertificates(config.clientCa());
            if (authorities.isEmpty()) {
                throw new IOException("no CA certificate in " + config.clientCa());
            }
            // asked for, not required: callers may use a bearer token instead; a certificate the CA did not sign
            // fails the handshake
            builder.trustManager(authorities.toArray(X509Certificate[]::new)).clientAuth(ClientAuth.OPTIONAL);
        }
        return builder.build();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
