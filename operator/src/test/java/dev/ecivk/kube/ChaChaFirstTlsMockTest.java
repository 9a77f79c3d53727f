package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.ecivk.kubeletapi.ServingIdentity;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The apiserver client's TLS through fabric8, Vert.x and Netty as the controller builds it, against an HTTPS server
 * that takes the client's order of suites (as Go's does when the client puts ChaCha20 first).
 */
class ChaChaFirstTlsMockTest {
    private final List<String> suites = new CopyOnWriteArrayList<>();
    private HttpsServer server;
    private ServingIdentity identity;

    @BeforeEach
    void start() throws Exception {
        identity = ServingIdentity.selfSigned(
                "apiserver", ServingIdentity.defaultSubjectAltNames("apiserver", "127.0.0.1"), Instant.now());
        SSLContext tls = TlsCipherOrderProbe.serverContext(identity);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setUseCipherSuitesOrder(false); // the client's order wins
                params.setSSLParameters(ssl);
            }
        });
        server.createContext("/api/v1/namespaces/team-a", exchange -> {
            suites.add(((HttpsExchange) exchange).getSSLSession().getCipherSuite());
            byte[] body = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"team-a\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String negotiatedBy(HttpClient.Factory clients) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://127.0.0.1:" + server.getAddress().getPort())
                .withCaCertData(java.util.Base64.getEncoder()
                        .encodeToString(identity.certificatePem().getBytes(StandardCharsets.UTF_8)))
                .withRequestTimeout(10_000)
                .build();
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(clients)
                .build()) {
            Namespace ns = client.namespaces().withName("team-a").get();
            assertThat(ns.getMetadata().getName()).isEqualTo("team-a");
        }
        return suites.get(suites.size() - 1);
    }

    @Test
    void theControllersClientAgreesOnChaCha20WhereNettyAloneWouldTakeAesGcm() {
        assertThat(negotiatedBy(new VertxHttpClientFactory())).startsWith("TLS_AES_");
        assertThat(negotiatedBy(new ChaChaFirstTls.HttpClientFactory())).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void theJdksChaCha20SuitesComeFirstThenTheListAsItWas() {
        String[] jdk = {
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"
        };
        // Netty's own list: no ChaCha20 at all
        assertThat(ChaChaFirstTls.chaChaFirst(
                        new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"}, jdk))
                .containsExactly(
                        "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                        "TLS_AES_128_GCM_SHA256");
        assertThat(ChaChaFirstTls.chaChaFirst(jdk, jdk))
                .containsExactly(
                        "TLS_CHACHA20_POLY1305_SHA256",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
                        "TLS_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(ChaChaFirstTls.chaChaFirst(null, jdk)).isNull();
    }
}
