package dev.ecivk.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Plain-HTTP server for Prometheus and the kubelet's probes: {@code /metrics} (the Prometheus client's own handler,
 * with content negotiation and gzip), {@code /healthz} (the process is alive) and {@code /readyz} (the
 * {@link HealthChecks}, 503 with the failing check named when not ready).
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on all interfaces; {@code port} 0 picks a free port (see {@link #port()}). */
    public static MetricsServer start(int port, PrometheusMeterRegistry registry, HealthChecks health)
            throws IOException {
        return start(new InetSocketAddress(port), registry, health);
    }

    public static MetricsServer start(InetSocketAddress address, PrometheusMeterRegistry registry, HealthChecks health)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/metrics", new MetricsHandler(registry.getPrometheusRegistry()));
        server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
        server.createContext("/readyz", exchange -> readyz(exchange, health));
        server.createContext("/", exchange -> respond(exchange, 404, "not found\n"));
        // Few, short requests (scrapes and probes): two threads keep a slow scrape from blocking a probe.
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return new MetricsServer(server, executor);
    }

    /** The bound port (the picked one when started with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void readyz(HttpExchange exchange, HealthChecks health) throws IOException {
        boolean ready = health.ready();
        StringBuilder body = new StringBuilder(ready ? "ready\n" : "not ready\n");
        for (Map.Entry<String, String> check : health.report().entrySet()) {
            body.append(check.getKey()).append(": ").append(check.getValue()).append('\n');
        }
        respond(exchange, ready ? 200 : 503, body.toString());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
