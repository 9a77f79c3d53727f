package dev.ecivk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.eci.EciProvider;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Toward real endpoints the ECI client verifies TLS: the Alibaba Cloud settings use HTTPS, and an endpoint whose
 * certificate nobody trusts (self-signed, here on loopback) gets no signed request at all — the handshake fails and
 * the call fails classified, instead of the tea runtime silently skipping verification ({@code ignoreSSL}).
 */
class TlsVerificationMockTest {
    static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    HttpsServer server;
    final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A self-signed certificate for 127.0.0.1 made by the JDK's keytool. */
    private KeyStore selfSigned() throws Exception {
        Path store = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "san=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private SSLContext serverContext(KeyStore ks) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private int startServer(KeyStore ks) throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(serverContext(ks)));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"RequestId\":\"r\",\"Regions\":{\"Region\":[]}}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server.getAddress().getPort();
    }

    @Test
    void theAlibabaCloudSettingsUseHttpsToTheRegionalEndpoint() {
        EciProvider.Settings settings = EciProvider.Settings.alibabaCloud("cn-hangzhou", null);
        assertThat(settings.protocol()).isEqualTo("HTTPS");
        assertThat(settings.endpoint()).isEqualTo("eci.cn-hangzhou.aliyuncs.com");
        assertThat(EciProvider.Settings.alibabaCloud("cn-beijing", "eci-vpc.cn-beijing.aliyuncs.com")
                        .protocol())
                .isEqualTo("HTTPS");
    }

    @Test
    void anUntrustedCertificateStopsTheCallBeforeAnyRequestIsSent() throws Exception {
        KeyStore ks = selfSigned();
        int port = startServer(ks);

        // the server does speak TLS: a client that trusts its certificate gets an answer
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        HttpResponse<String> control = HttpClient.newBuilder()
                .sslContext(trusting)
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(control.statusCode()).isEqualTo(200);
        assertThat(requests.get()).isEqualTo(1);

        // the ECI client over HTTPS, as toward Alibaba Cloud, refuses the self-signed endpoint
        try (EciProvider provider = new EciProvider(EciProvider.Settings.staticKey(
                        "127.0.0.1:" + port, "cn-hangzhou", "LTAI5tTlsTestKey0001", "TlsTest-Secret-0001")
                .withProtocol("HTTPS")
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(3))
                .withRateLimit(0, Duration.ofSeconds(1)))) {
            ProviderException e = catchThrowableOfType(ProviderException.class, provider::ping);
            assertThat(e).as("the call must fail").isNotNull();
            assertThat(e.isRetryable()).isTrue(); // a network failure, classified
            assertThat(e.getMessage()).doesNotContain("TlsTest-Secret-0001");
        }
        assertThat(requests.get())
                .as("signed requests that reached the untrusted server")
                .isEqualTo(1);
    }
}
