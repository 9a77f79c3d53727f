package dev.ecivk.testing.cluster;

import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.vertx.ServerWebSocketHandler;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The fabric8 mock web server as the fixture's apiserver needs it. The stock server answers every request on one
 * Vert.x event loop, inline; a request the apiserver proxies to a kubelet ({@code pods/<p>/log},
 * {@code nodes/<n>/proxy/...}) would then hold that loop while the kubelet asks the same apiserver to authorize the
 * call (a SubjectAccessReview), and both would wait for each other until a timeout. Here such requests are dispatched
 * on a worker thread, unordered, so the loop goes on serving the kubelet's calls, as a real apiserver serves requests
 * concurrently. Every other request is answered inline, in order, as before.
 */
final class ClusterWebServer extends MockWebServer {
    /** The subresources whose answer comes from a kubelet. */
    private static final Set<String> UPSTREAM = Set.of("log", "proxy");

    private static final String[] WEBSOCKET_PROTOCOLS = {
        "v1.channel.k8s.io", "v2.channel.k8s.io", "v3.channel.k8s.io", "v4.channel.k8s.io"
    };

    /** The stock server's own Vert.x, which it never closes unless it started: this server runs on it instead. */
    private final Vertx vertx = stockVertx();

    private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final Predicate<RecordedRequest> upstream = r -> {
        ApiPath path = ApiPath.parse(r.getPath());
        return path.resourceRequest() && path.subresource() != null && UPSTREAM.contains(path.subresource());
    };
    private volatile Dispatcher dispatcher;
    private boolean ssl;
    private SelfSignedCertificate certificate;
    private HttpServer server;
    private String hostName;
    private int port;

    private Vertx stockVertx() {
        try {
            java.lang.reflect.Field field = MockWebServer.class.getDeclaredField("vertx");
            field.setAccessible(true);
            return (Vertx) field.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the fabric8 mock web server changed: no Vert.x field", e);
        }
    }

    @Override
    public synchronized void start(InetAddress address, int requestedPort) {
        if (server != null) {
            throw new IllegalStateException("start() already called");
        }
        hostName = address.getHostName().equals("127.0.0.1") ? "localhost" : address.getHostName();
        HttpServerOptions options = new HttpServerOptions()
                .setHost(address.getHostAddress())
                .setPort(requestedPort)
                .setAlpnVersions(
                        List.of(io.vertx.core.http.HttpVersion.HTTP_2, io.vertx.core.http.HttpVersion.HTTP_1_1))
                .setWebSocketSubProtocols(List.of(WEBSOCKET_PROTOCOLS))
                .setHandle100ContinueAutomatically(true);
        if (ssl) {
            certificate = SelfSignedCertificate.create(hostName);
            options.setSsl(true)
                    .setTrustOptions(certificate.trustOptions())
                    .setKeyCertOptions(certificate.keyCertOptions());
        }
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        port = await(server.listen()).actualPort();
    }

    private void handle(HttpServerRequest event) {
        event.resume();
        Future<Buffer> body = hasBody(event) ? event.body() : Future.succeededFuture(null);
        body.onFailure(e -> fail(event, e)).onSuccess(bytes -> {
            RecordedRequest request = new RecordedRequest(
                    event.version().alpnName().toUpperCase(Locale.ROOT),
                    HttpMethod.fromVertx(event.method()),
                    event.uri(),
                    Headers.builder().addAll(event.headers()).build(),
                    new io.fabric8.mockwebserver.http.Buffer(bytes == null ? null : bytes.getBytes()));
            requestCount.incrementAndGet();
            requests.add(request);
            if (upstream.test(request)) {
                vertx.<MockResponse>executeBlocking(() -> dispatcher.dispatch(request), false)
                        .onFailure(e -> fail(event, e))
                        .onSuccess(response -> respond(event, request, response));
            } else {
                respond(event, request, dispatcher.dispatch(request));
            }
        });
    }

    private static void respond(HttpServerRequest event, RecordedRequest request, MockResponse response) {
        if (response.getWebSocketListener() != null) {
            event.toWebSocket().onFailure(e -> fail(event, e)).onSuccess(new ServerWebSocketHandler(request, response));
            return;
        }
        HttpServerResponse out = event.response();
        out.setStatusCode(response.code());
        response.getHeaders()
                .toMultimap()
                .forEach((key, values) -> out.headers().add(key, values));
        if (response.getBody() == null || response.getBody().size() == 0) {
            out.end();
            return;
        }
        out.headers().add("Content-Length", String.valueOf(response.getBody().size()));
        out.send(Buffer.buffer(response.getBody().getBytes()));
    }

    private static void fail(HttpServerRequest event, Throwable e) {
        if (!event.response().headWritten()) {
            event.response()
                    .setStatusCode(500)
                    .setStatusMessage(String.valueOf(e.getMessage()))
                    .send();
        }
    }

    private static boolean hasBody(HttpServerRequest event) {
        String length = event.headers().get("Content-Length");
        if (length != null && !length.isBlank() && Integer.parseInt(length.trim()) > 0) {
            return true;
        }
        return event.headers().contains("Content-Type");
    }

    @Override
    public synchronized void shutdown() {
        if (server == null) {
            return;
        }
        if (dispatcher != null) {
            dispatcher.shutdown();
        }
        await(server.close());
        await(vertx.close());
        server = null;
    }

    @Override
    public int getPort() {
        return port;
    }

    @Override
    public String getHostName() {
        return hostName;
    }

    @Override
    public Proxy toProxyAddress() {
        return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(hostName, port));
    }

    @Override
    public SelfSignedCertificate getSelfSignedCertificate() {
        return certificate;
    }

    @Override
    public HttpUrl url(String path) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        return HttpUrl.parse((ssl ? "https" : "http") + "://" + hostName + ":" + port + "/" + relative);
    }

    @Override
    public RecordedRequest takeRequest() throws InterruptedException {
        return requests.take();
    }

    @Override
    public RecordedRequest takeRequest(long timeout, TimeUnit unit) throws InterruptedException {
        return requests.poll(timeout, unit);
    }

    @Override
    public int getRequestCount() {
        return requestCount.get();
    }

    @Override
    public void useHttps() {
        ssl = true;
    }

    @Override
    public void setDispatcher(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("the mock apiserver did not start or stop", e);
        }
    }
}
