package dev.ecivk.testing;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * An exec client speaking {@code v5/v4.channel.k8s.io} over WebSocket, as the kubelet API's exec bridge or a direct
 * client does: collects stdout (channel 1) and the final status (channel 3), sends on any channel.
 */
public final class ChannelSession implements WebSocket.Listener {
    public final CompletableFuture<Boolean> closed = new CompletableFuture<>();
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream status = new ByteArrayOutputStream();
    private WebSocket socket;

    /** Connects to {@code uri} with {@code http} (for wss: a client that trusts the server). */
    public static ChannelSession open(HttpClient http, URI uri) throws Exception {
        ChannelSession session = new ChannelSession();
        session.socket = http.newWebSocketBuilder()
                .subprotocols("v5.channel.k8s.io", "v4.channel.k8s.io")
                .buildAsync(uri, session)
                .get(10, TimeUnit.SECONDS);
        return session;
    }

    public void send(int channel, String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(bytes.length + 1)
                .put((byte) channel)
                .put(bytes)
                .flip();
        socket.sendBinary(frame, true).get(10, TimeUnit.SECONDS);
    }

    public synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    public synchronized String status() {
        return status.toString(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        int channel = data.get() & 0xFF;
        byte[] rest = new byte[data.remaining()];
        data.get(rest);
        if (channel == 1) {
            stdout.writeBytes(rest);
        } else if (channel == 3) {
            status.writeBytes(rest);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(true);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** A TLS context accepting any server certificate, as the apiserver treats kubelet serving certificates. */
    public static SSLContext trustingAnyServer() throws Exception {
        X509ExtendedTrustManager any = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {any}, new SecureRandom());
        return context;
    }
}
