package dev.ecivk.simulator.huawei;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ecivk.simulator.SimCounters;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Huawei Cloud ECS: an HTTP endpoint speaking the ECS REST API to the official SDK (AK/SK {@code
 * SDK-HMAC-SHA256} signatures checked), with asynchronous jobs, server states and their timings, tenant quotas, zone
 * stock, injected faults and a boot hook for servers that become {@code ACTIVE}; plus the admin API under {@code
 * /_sim/}. Start it with {@link #start(HuaweiSimSettings)}; point an SDK client at {@link #endpoint()}.
 */
public final class HuaweiEcsSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HuaweiEcsSimulator.class);

    private final HuaweiSimSettings settings;
    private final SimCounters counters = new SimCounters();
    private final FaultRules faults = new FaultRules();
    private final ExecutorService workers;
    private final ExecutorService booter;
    private final ScheduledExecutorService ticker;
    private final ServerStore store;
    private final EcsRestApi api;
    private final HuaweiAdminApi admin;
    private HttpServer server;

    private HuaweiEcsSimulator(HuaweiSimSettings settings) {
        this.settings = settings;
        this.workers = Executors.newFixedThreadPool(settings.workerThreads(), daemonThreads("huawei-sim-worker"));
        this.booter = Executors.newSingleThreadExecutor(daemonThreads("huawei-sim-boot"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemonThreads("huawei-sim-lifecycle"));
        this.store = new ServerStore(settings, faults, counters, booter);
        this.api = new EcsRestApi(settings, faults, counters, store);
        this.admin = new HuaweiAdminApi(this);
    }

    /** Starts a simulator; the returned instance is listening. */
    public static HuaweiEcsSimulator start(HuaweiSimSettings settings) {
        HuaweiEcsSimulator sim = new HuaweiEcsSimulator(settings);
        try {
            sim.server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 1024);
        } catch (IOException e) {
            sim.close();
            throw new UncheckedIOException("cannot bind the embedded Huawei ECS", e);
        }
        sim.server.createContext("/", sim::exchange);
        sim.server.setExecutor(sim.workers);
        sim.server.start();
        long tick = Math.max(1, settings.tick().toMillis());
        sim.ticker.scheduleWithFixedDelay(sim::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info(
                "embedded Huawei ECS listening on {} (region {}, project {})",
                sim.endpoint(),
                settings.region(),
                settings.projectId());
        return sim;
    }

    private void tick() {
        try {
            store.advance(settings.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("embedded Huawei ECS lifecycle tick failed", e);
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        String requestId = UUID.randomUUID().toString().replace("-", "");
        EcsRestApi.Answer answer;
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            URI uri = ex.getRequestURI();
            String path = uri.getPath();
            if (path.startsWith("/_sim/")) {
                answer = ex.getRemoteAddress().getAddress().isLoopbackAddress()
                        ? admin.handle(
                                ex.getRequestMethod(), path, new String(body, java.nio.charset.StandardCharsets.UTF_8))
                        : new EcsRestApi.Answer(
                                403, Map.of("error", Map.of("code", "Common.0003", "message", "loopback only")));
            } else {
                Map<String, String> headers = new HashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> {
                    if (!v.isEmpty()) {
                        headers.putIfAbsent(k.toLowerCase(Locale.ROOT), v.get(0));
                    }
                });
                RestRequest request = new RestRequest(
                        ex.getRequestMethod(), path, RestRequest.parseQuery(uri.getRawQuery()), headers, body);
                answer = api.handle(request, requestId);
            }
        } catch (RuntimeException e) {
            LOG.warn("embedded Huawei ECS request failed", e);
            answer = new EcsRestApi.Answer(
                    500, Map.of("error", Map.of("code", "Common.0001", "message", "Internal server error.")));
        }
        byte[] out = EcsRestApi.JSON.writeValueAsBytes(answer.body());
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.getResponseHeaders().set("X-Request-Id", requestId);
        ex.sendResponseHeaders(answer.status(), out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    /** {@code http://host:port}: the endpoint to give an ECS client. */
    public String endpoint() {
        String host = settings.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : settings.bindAddress();
        return "http://" + host + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public HuaweiSimSettings settings() {
        return settings;
    }

    public SimCounters counters() {
        return counters;
    }

    public void injectFault(HuaweiFault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<HuaweiFault> faults() {
        return faults.list();
    }

    /** Sets how many live servers a zone holds (null = unlimited); create jobs beyond it fail with Ecs.0319. */
    public void setStock(String zone, Integer stock) {
        store.setStock(zone, stock);
    }

    public Map<String, Integer> stock() {
        return store.stock();
    }

    public void setQuotas(HuaweiSimSettings.Quotas quotas) {
        store.setQuotas(quotas);
    }

    public HuaweiSimSettings.Quotas quotas() {
        return store.quotas();
    }

    /** Every server with its status, zone, flavor, address and tags (user data by size only). */
    public List<Map<String, Object>> dumpServers() {
        return store.dump(settings.clock().instant());
    }

    /** Servers accepted and not yet deleted. */
    public long liveServers() {
        return store.liveServers(settings.clock().instant());
    }

    /** Someone stops the server outside the controller ({@code SHUTOFF}). */
    public void stopServer(String id) {
        store.stop(id, settings.clock().instant());
    }

    public void startServer(String id) {
        store.start(id, settings.clock().instant());
    }

    /** The server fails ({@code ERROR} with a {@code fault} of this code and message). */
    public void failServer(String id, int code, String message) {
        store.fail(id, code, message, settings.clock().instant());
    }

    public void lockServer(String id, boolean locked) {
        store.lock(id, locked, settings.clock().instant());
    }

    /** The server disappears without a delete job (deleted by hand, lost). */
    public void vanishServer(String id) {
        store.vanish(id, settings.clock().instant());
    }

    /** Applies the lifecycle transitions due now (tests with a clock they move by hand). */
    public void advance() {
        store.advance(settings.clock().instant());
    }

    /** Forgets every server, job, token, fault and counter; stock and quotas back to the settings. */
    public void reset() {
        store.reset();
        faults.clear();
        counters.reset();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
        }
        ticker.shutdownNow();
        store.reset();
        booter.shutdown();
        try {
            booter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
