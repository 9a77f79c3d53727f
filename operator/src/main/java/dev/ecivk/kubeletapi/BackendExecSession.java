package dev.ecivk.kubeletapi;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The provider's side of an exec: the WebSocket session {@code ContainerAccess.exec} returned, speaking the
 * channel-byte framing of {@code v4.channel.k8s.io} (or v5, which adds closing stdin). Sends are serialised, as a
 * JDK WebSocket allows one outstanding send.
 */
final class BackendExecSession implements WebSocket.Listener {
    static final String V5 = "v5.channel.k8s.io";
    static final String V4 = "v4.channel.k8s.io";

    /** Receives the backend's output. */
    interface Listener {
        void onOutput(int channel, byte[] data);

        /** The session ended: {@code error} null on a normal close. */
        void onClosed(String error);
    }

    private final Listener listener;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private WebSocket webSocket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private boolean closed;

    private BackendExecSession(Listener listener) {
        this.listener = listener;
    }

    static CompletableFuture<BackendExecSession> connect(HttpClient http, URI uri, Listener listener) {
        BackendExecSession session = new BackendExecSession(listener);
        return http.newWebSocketBuilder()
                .subprotocols(V5, V4)
                .connectTimeout(Duration.ofSeconds(15))
                .buildAsync(uri, session)
                .thenApply(webSocket -> {
                    synchronized (session) {
                        session.webSocket = webSocket;
                    }
                    return session;
                });
    }

    void sendStdin(byte[] data) {
        send(0, data);
    }

    /** Signals end of stdin; only {@code v5.channel.k8s.io} can say it, v4 sessions keep stdin open. */
    void closeStdin() {
        if (V5.equals(webSocket.getSubprotocol())) {
            send(255, new byte[] {0});
        }
    }

    void resize(int width, int height) {
        send(4, ("{\"Width\":" + width + ",\"Height\":" + height + "}").getBytes(StandardCharsets.UTF_8));
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        WebSocket socket = webSocket;
        sending = sending.handle((ignored, error) -> null)
                .thenCompose(ignored -> socket.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                .whenComplete((ignored, error) -> {
                    if (error != null) {
                        socket.abort();
                    }
                });
    }

    private synchronized void send(int channel, byte[] data) {
        if (closed) {
            return;
        }
        ByteBuffer frame = ByteBuffer.allocate(data.length + 1);
        frame.put((byte) channel).put(data).flip();
        WebSocket socket = webSocket;
        sending = sending.thenCompose(ignored -> socket.sendBinary(frame, true));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        partial.write(bytes, 0, bytes.length);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            if (message.length > 0) {
                byte[] payload = new byte[message.length - 1];
                System.arraycopy(message, 1, payload, 0, payload.length);
                listener.onOutput(message[0] & 0xFF, payload);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        // the channel protocols are binary; text frames belong to the base64 variants this bridge does not offer
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        synchronized (this) {
            closed = true;
        }
        listener.onClosed(null);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        synchronized (this) {
            closed = true;
        }
        listener.onClosed(error.getClass().getSimpleName() + ": " + error.getMessage());
    }
}
