package dev.ecivk.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** httpGet and tcpSocket probes against real sockets on a free port of the loopback address. */
class HostProbesMockTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private int port;
    private final HostProbes probes = new HostProbes("127.0.0.1");

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            int status = switch (path) {
                case "/healthz" ->
                    "kube-probe/1.32".equals(exchange.getRequestHeaders().getFirst("User-Agent")) ? 200 : 400;
                case "/moved" -> 302;
                default -> 503;
            };
            if (path.equals("/stuck")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
        port = server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void twoHundredToThreeNinetyNinePassAndRedirectsAreNotFollowed() {
        assertThat(probes.httpGet("HTTP", port, "/healthz", TIMEOUT).success()).isTrue();
        assertThat(probes.httpGet(null, port, "/moved", TIMEOUT).success()).isTrue();
        ActionResult failed = probes.httpGet("HTTP", port, "/down", TIMEOUT);
        assertThat(failed.success()).isFalse();
        assertThat(failed.message()).isEqualTo("HTTP probe failed with statuscode: 503");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeFails() {
        ActionResult r = probes.httpGet("HTTP", port, "/stuck", TIMEOUT);
        assertThat(r.success()).isFalse();
        assertThat(r.message()).isEqualTo("Get \"http://127.0.0.1:" + port + "/stuck\": context deadline exceeded");
    }

    @Test
    void tcpSocketPassesWhenSomethingListens() throws IOException {
        assertThat(probes.tcpConnect(port, TIMEOUT).success()).isTrue();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        ActionResult r = probes.tcpConnect(closed, TIMEOUT);
        assertThat(r.success()).isFalse();
        assertThat(r.message()).startsWith("dial tcp 127.0.0.1:" + closed + ": ");
    }
}
