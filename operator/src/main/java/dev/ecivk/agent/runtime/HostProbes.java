package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.ActionResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * httpGet and tcpSocket probes over the VM's network, as the kubelet runs them: against the Pod's address, a GET
 * with the kubelet's User-Agent answered 200-399 passes, redirects are not followed; HTTPS probes do not verify the
 * certificate (the kubelet does not either: a probe asks whether the server answers, not who it is).
 */
public final class HostProbes {
    private static final String USER_AGENT = "kube-probe/1.32";

    private final String host;
    private final HttpClient http;
    private final HttpClient https;

    public HostProbes(String host) {
        this.host = host;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.https = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .sslContext(trustingContext())
                .build();
    }

    public ActionResult httpGet(String scheme, int port, String path, Duration timeout) {
        boolean tls = "HTTPS".equalsIgnoreCase(scheme);
        String p = path == null || path.isEmpty() ? "/" : path.startsWith("/") ? path : "/" + path;
        URI uri = URI.create((tls ? "https" : "http") + "://" + hostPort(port) + p);
        long started = System.nanoTime();
        try {
            HttpResponse<Void> r = (tls ? https : http)
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(timeout)
                                    .header("User-Agent", USER_AGENT)
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.discarding());
            Duration took = since(started);
            if (r.statusCode() >= 200 && r.statusCode() < 400) {
                return ActionResult.ok(took);
            }
            return ActionResult.failed("HTTP probe failed with statuscode: " + r.statusCode(), took);
        } catch (HttpTimeoutException e) {
            return ActionResult.failed("Get \"" + uri + "\": context deadline exceeded", timeout);
        } catch (IOException e) {
            return ActionResult.failed("Get \"" + uri + "\": " + e.getMessage(), since(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.failed("interrupted", since(started));
        }
    }

    public ActionResult tcpConnect(int port, Duration timeout) {
        long started = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Math.max(1, timeout.toMillis()));
            return ActionResult.ok(since(started));
        } catch (IOException e) {
            return ActionResult.failed("dial tcp " + hostPort(port) + ": " + e.getMessage(), since(started));
        }
    }

    private String hostPort(int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static Duration since(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static SSLContext trustingContext() {
        // An extended manager, so that JSSE adds no host name check of its own around it.
        TrustManager anyCertificate = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {anyCertificate}, new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JVM", e);
        }
    }
}
