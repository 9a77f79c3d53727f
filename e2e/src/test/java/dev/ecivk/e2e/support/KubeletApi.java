package dev.ecivk.e2e.support;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The kubelet API called directly, as the apiserver's node proxy would call it, for mock-server tests (the mock has
 * no node proxy). Run the controller with {@code --kubelet-port P --kubelet-bind-address 127.0.0.1
 * --kubelet-anonymous-auth}. The serving certificate is self-signed, so it is not verified (as the apiserver does not
 * verify kubelet serving certificates by default). Only option names are used, never kubelet API classes.
 */
public final class KubeletApi {
    private final int port;
    private final HttpClient http;

    public KubeletApi(int port) {
        this.port = port;
        this.http = insecureClient();
    }

    public String get(String path) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** WebSocket exec of one command in a container. */
    public ExecChannels.Result exec(String namespace, String pod, String container, String... command)
            throws Exception {
        StringBuilder query = new StringBuilder("?output=1&error=1");
        for (String c : command) {
            query.append("&command=").append(java.net.URLEncoder.encode(c, java.nio.charset.StandardCharsets.UTF_8));
        }
        URI uri = URI.create("wss://127.0.0.1:" + port + "/exec/" + namespace + "/" + pod + "/" + container + query);
        return ExecChannels.run(http, uri, Duration.ofSeconds(20));
    }

    /** An HTTP client that accepts any server certificate and host name (test use only). */
    public static HttpClient insecureClient() {
        try {
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, new TrustManager[] {new TrustAll()}, new SecureRandom());
            SSLParameters params = new SSLParameters();
            params.setEndpointIdentificationAlgorithm(null);
            return HttpClient.newBuilder()
                    .sslContext(ssl)
                    .sslParameters(params)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Extended, so that the JDK does not wrap it with its own host name check. */
    private static final class TrustAll extends X509ExtendedTrustManager {
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
    }
}
