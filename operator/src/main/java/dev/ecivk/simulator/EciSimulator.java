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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ECI: an HTTP server speaking Alibaba Cloud's RPC protocol for the ECI actions, with signature checks,
 * quotas, a lifecycle engine, logs, exec and metrics, plus an admin API under {@code /_sim/}. Start it with {@link
 * #start(SimulatorSettings)}; point any ECI client at {@link #endpoint()} over HTTP.
 */
public final class EciSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EciSimulator.class);

    private final SimulatorSettings settings;
    private final GroupStore store;
    private final SimCounters counters = new SimCounters();
    private final FaultInjector faults = new FaultInjector();
    private final ActionQuotas quotas;
    private final ExecSessions execSessions;
    private final EciApi api;
    private final EventLoopGroup boss = new NioEventLoopGroup(1, daemonThreads("eci-sim-accept"));
    private final EventLoopGroup io = new NioEventLoopGroup(2, daemonThreads("eci-sim-io"));
    private final ExecutorService workers;
    private final ScheduledExecutorService ticker;
    private Channel serverChannel;
    private int port;

    private EciSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.store = new GroupStore(settings);
        this.quotas = new ActionQuotas(settings.quotaScale());
        this.execSessions = new ExecSessions(settings.clock());
        this.api = new EciApi(settings, store, counters, execSessions);
        this.workers = new ThreadPoolExecutor(
                settings.workerThreads(),
                settings.workerThreads(),
                30,
                TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(),
                daemonThreads("eci-sim-worker"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("eci-sim-lifecycle"));
    }

    /** Starts a simulator; the returned instance is listening. */
    public static EciSimulator start(SimulatorSettings settings) {
        EciSimulator sim = new EciSimulator(settings);
        sim.bind();
        return sim;
    }

    private void bind() {
        RpcEndpoint rpc = new RpcEndpoint(
                new Authenticator(settings.accessKeys(), settings.clock()), quotas, faults, counters, store, api);
        HttpFrontend frontend = new HttpFrontend(rpc, new AdminApi(this), execSessions, workers);
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
            serverChannel = b.bind(new InetSocketAddress(settings.bindAddress(), settings.port()))
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding the embedded ECI", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        api.publicEndpoint(endpoint());
        long tickMillis = Math.max(1, settings.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info(
                "embedded ECI listening on {} (region {}, start delay {})",
                endpoint(),
                settings.region(),
                settings.startDelay());
    }

    private void tick() {
        try {
            store.tick(settings.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("embedded ECI lifecycle tick failed", e);
        }
    }

    public int port() {
        return port;
    }

    /** {@code host:port} to give an ECI client (protocol HTTP). */
    public String endpoint() {
        String host = settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
        return host + ":" + port;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    public SimCounters counters() {
        return counters;
    }

    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<Fault> faults() {
        return faults.rules();
    }

    /** Sets how many live groups a zone holds (null = unlimited). */
    public void setStock(String zoneId, Integer stock) {
        store.setStock(zoneId, stock);
    }

    Map<String, Object> stock() {
        return store.stockSnapshot();
    }

    /** Sets the account's regional vCPU quota: ListUsage's {@code MaxCpu}; creates beyond it fail. */
    public void setMaxCpu(double maxCpu) {
        if (!(maxCpu > 0)) {
            throw new IllegalArgumentException("the vCPU quota must be positive");
        }
        store.setMaxCpu(maxCpu);
    }

    /** ListUsage's attributes as the embedded ECI answers them now. */
    public Map<String, Object> usage() {
        return api.usage();
    }

    /** Every group as Describe shows it plus {@code Request}: the parameters that created it (passwords masked). */
    public List<Object> dumpGroups() {
        List<Object> groups = AdminApi.dump(store, settings.clock().instant());
        for (Object o : groups) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            @SuppressWarnings("unchecked")
            Map<String, String> request = new java.util.TreeMap<>((Map<String, String>) m.get("Request"));
            request.replaceAll((k, v) -> k.endsWith(".Password") ? "******" : v);
            m.put("Request", request);
        }
        return groups;
    }

    /** The parameters that created a group, or null. */
    public Map<String, String> creationRequest(String containerGroupId) {
        SimGroup g = store.get(containerGroupId);
        return g == null ? null : g.request;
    }

    /** Forgets every group, token, fault, counter and quota. */
    public void reset() {
        store.reset();
        faults.clear();
        counters.reset();
        quotas.reset();
        execSessions.reset();
    }

    /** Advances the lifecycle engine now (tests with a manual clock). */
    public void advance() {
        store.tick(settings.clock().instant());
    }

    Instant now() {
        return settings.clock().instant();
    }

    @Override
    public void close() {
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        ticker.shutdownNow();
        workers.shutdownNow();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        io.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
