package dev.ecivk.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A client of the {@code v4.channel.k8s.io} exec framing over WebSocket (each binary message starts with its
 * channel: 1 stdout, 2 stderr, 3 the final metav1.Status), as ECI's exec URL and the kubelet API's WebSocket exec
 * speak it. Runs one non-interactive command and collects its output.
 */
public final class ExecChannels {
    /** What the command wrote and the Status it ended with. */
    public record Result(String stdout, String stderr, String status) {}

    private ExecChannels() {}

    public static Result run(HttpClient http, URI uri, Duration timeout) throws Exception {
        StringBuilder stdout = new StringBuilder();
        StringBuilder stderr = new StringBuilder();
        StringBuilder status = new StringBuilder();
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder()
                .subprotocols("v4.channel.k8s.io")
                .connectTimeout(timeout)
                .buildAsync(uri, new WebSocket.Listener() {
                    private final java.io.ByteArrayOutputStream message = new java.io.ByteArrayOutputStream();

                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        byte[] chunk = new byte[data.remaining()];
                        data.get(chunk);
                        message.writeBytes(chunk);
                        if (last) {
                            byte[] whole = message.toByteArray();
                            message.reset();
                            if (whole.length > 0) {
                                String text = new String(whole, 1, whole.length - 1, StandardCharsets.UTF_8);
                                synchronized (stdout) {
                                    switch (whole[0]) {
                                        case 1 -> stdout.append(text);
                                        case 2 -> stderr.append(text);
                                        case 3 -> status.append(text);
                                        default -> {}
                                    }
                                }
                            }
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(null);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        closed.completeExceptionally(error);
                    }
                })
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            ws.abort();
        }
        synchronized (stdout) {
            return new Result(stdout.toString(), stderr.toString(), status.toString());
        }
    }
}
