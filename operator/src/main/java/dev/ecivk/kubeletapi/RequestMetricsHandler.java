package dev.ecivk.kubeletapi;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Duration;

/** Reports each request's route template, status and time to first response byte (upgrades report 101). */
final class RequestMetricsHandler extends ChannelDuplexHandler {
    private final KubeletServer.RequestListener listener;
    private String route;
    private long started;

    RequestMetricsHandler(KubeletServer.RequestListener listener) {
        this.listener = listener;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            route = route(request.uri());
            started = System.nanoTime();
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response && route != null) {
            try {
                listener.onRequest(route, response.status().code(), Duration.ofNanos(System.nanoTime() - started));
            } catch (RuntimeException e) {
                // metrics must never break a response
            }
            route = null;
        }
        super.write(ctx, msg, promise);
    }

    /** Every route template {@link #route} returns. */
    static final java.util.List<String> ROUTES = java.util.List.of(
            "/containerLogs",
            "/exec",
            "/attach",
            "/portForward",
            "/pods",
            "/runningpods",
            "/healthz",
            "/logs",
            "/spec",
            "/stats/summary",
            "/metrics/resource",
            "other");

    /** The route template: never a namespace, Pod or container name (low cardinality). */
    static String route(String uri) {
        String path = uri.split("\\?", 2)[0];
        String[] parts = path.replaceFirst("^/+", "").split("/");
        String first = parts.length == 0 ? "" : parts[0];
        return switch (first) {
            case "stats", "metrics" -> parts.length > 1 ? "/" + first + "/" + parts[1] : "/" + first;
            case "containerLogs", "exec", "attach", "portForward", "pods", "runningpods", "healthz", "logs", "spec" ->
                "/" + first;
            default -> "other";
        };
    }
}
