package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec over WebSocket (v4/v5.channel.k8s.io) as a direct client would use it, bridged to the provider's session. */
class KubeletExecWebSocketMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private KubeletFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = KubeletFixture.anonymous();
        fixture.pods.add(KubeletFixture.pod("default", "web", "eci-exec-1", "app"));
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Collects what arrives per channel and completes when the server closes. */
    static final class ChannelCollector implements WebSocket.Listener {
        final Map<Integer, ByteArrayOutputStream> channels = new ConcurrentHashMap<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partial.write(bytes, 0, bytes.length);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                channels.computeIfAbsent(message[0] & 0xFF, k -> new ByteArrayOutputStream())
                        .write(message, 1, message.length - 1);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        String text(int channel) {
            ByteArrayOutputStream out = channels.get(channel);
            return out == null ? "" : out.toString(StandardCharsets.UTF_8);
        }

        JsonNode status() throws Exception {
            return JSON.readTree(text(3));
        }
    }

    private WebSocket connect(String protocol, String query, ChannelCollector collector) throws Exception {
        return fixture.http()
                .newWebSocketBuilder()
                .subprotocols(protocol)
                .buildAsync(
                        java.net.URI.create(
                                "wss://127.0.0.1:" + fixture.server.port() + "/exec/default/web/app?" + query),
                        collector)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void runsACommandAndReportsSuccessOverV5() throws Exception {
        ChannelCollector collector = new ChannelCollector();
        WebSocket socket = connect("v5.channel.k8s.io", "command=echo&command=hello&command=world&stdout=1", collector);
        assertThat(socket.getSubprotocol()).isEqualTo("v5.channel.k8s.io");
        collector.closed.get(10, TimeUnit.SECONDS);
        assertThat(collector.text(1)).isEqualTo("hello world\n");
        assertThat(collector.status().path("status").asText()).isEqualTo("Success");
        // the argv reached the provider intact, not joined into one string
        assertThat(fixture.access.execCommands).containsExactly(java.util.List.of("echo", "hello", "world"));
    }

    @Test
    void reportsANonZeroExitCodeAsTheKubeletDoesOverV4() throws Exception {
        ChannelCollector collector = new ChannelCollector();
        connect("v4.channel.k8s.io", "command=fail&command=3&stdout=1&stderr=1", collector);
        collector.closed.get(10, TimeUnit.SECONDS);
        assertThat(collector.text(2)).isEqualTo("boom\n");
        JsonNode status = collector.status();
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.path("details").path("causes").get(0).path("reason").asText())
                .isEqualTo("ExitCode");
        assertThat(status.path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("3");
    }

    @Test
    void forwardsStdinAndItsCloseOverV5() throws Exception {
        ChannelCollector collector = new ChannelCollector();
        WebSocket socket = connect("v5.channel.k8s.io", "command=cat&stdin=1&stdout=1", collector);
        socket.sendBinary(ByteBuffer.wrap(("\0" + "ping\n").getBytes(StandardCharsets.UTF_8)), true)
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> collector.text(1).equals("ping\n"));
        socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(5, TimeUnit.SECONDS);
        collector.closed.get(10, TimeUnit.SECONDS);
        assertThat(collector.status().path("status").asText()).isEqualTo("Success");
    }

    @Test
    void forwardsTerminalResizes() throws Exception {
        ChannelCollector collector = new ChannelCollector();
        WebSocket socket = connect("v5.channel.k8s.io", "command=size&stdin=1&stdout=1&tty=1", collector);
        socket.sendBinary(ByteBuffer.wrap("\4{\"Width\":120,\"Height\":40}".getBytes(StandardCharsets.UTF_8)), true)
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> collector.text(1).equals("size 120x40\n"));
        socket.sendBinary(ByteBuffer.wrap(new byte[] {(byte) 255, 0}), true).get(5, TimeUnit.SECONDS);
        collector.closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void answersAProviderFailureBeforeUpgrading() throws Exception {
        fixture.access.failExec = true;
        var handshake = fixture.http()
                .newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io")
                .buildAsync(
                        java.net.URI.create("wss://127.0.0.1:" + fixture.server.port()
                                + "/exec/default/web/app?command=ls&stdout=1"),
                        new ChannelCollector());
        assertThatThrownBy(() -> handshake.get(15, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.net.http.WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((java.net.http.WebSocketHandshakeException) e.getCause())
                                .getResponse()
                                .statusCode())
                        .isEqualTo(500));
    }

    @Test
    void refusesUnknownSubprotocolsAndMissingCommands() throws Exception {
        var response = fixture.http()
                .send(
                        java.net.http.HttpRequest.newBuilder(fixture.uri("/exec/default/web/app?stdout=1"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        ChannelCollector collector = new ChannelCollector();
        assertThat(CompletableFuture.supplyAsync(() -> {
                            try {
                                return connect("base64.channel.k8s.io", "command=echo&stdout=1", collector);
                            } catch (Exception e) {
                                return null;
                            }
                        })
                        .get(15, TimeUnit.SECONDS))
                .isNull();
    }
}
