package dev.ecivk.testing.cluster;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import dev.ecivk.kubeletapi.ServingIdentity;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A stand-in kubelet on 127.0.0.1 for the node proxy's tests: HTTPS, asks for a client certificate, records who
 * called what ({@code <subject DN> <path?query>}), answers {@code containerLogs} with two lines and the rest with "ok".
 */
final class TestKubelet implements AutoCloseable {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    /** Asked before each answer, as a kubelet's webhook authorizer asks the apiserver; none by default. */
    private volatile KubernetesClient authorizer;

    TestKubelet() throws Exception {
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls()) {
            @Override
            public void configure(HttpsParameters params) {
                params.setWantClientAuth(true);
            }
        });
        server.createContext("/", exchange -> {
            calls.add(caller((HttpsExchange) exchange) + " " + exchange.getRequestURI());
            KubernetesClient apiserver = authorizer;
            if (apiserver != null) {
                apiserver
                        .authorization()
                        .v1()
                        .subjectAccessReview()
                        .create(new SubjectAccessReviewBuilder()
                                .withNewSpec()
                                .withUser(caller((HttpsExchange) exchange))
                                .withNewNonResourceAttributes()
                                .withPath(exchange.getRequestURI().getPath())
                                .withVerb("get")
                                .endNonResourceAttributes()
                                .endSpec()
                                .build());
            }
            byte[] body = (exchange.getRequestURI().getPath().startsWith("/containerLogs/") ? "line 1\nline 2\n" : "ok")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** From now on each call is authorized first with a SubjectAccessReview through {@code apiserver}. */
    void authorizeThrough(KubernetesClient apiserver) {
        this.authorizer = apiserver;
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Registers a Node whose kubelet endpoint is this server, with the given (type, address) pairs. */
    void register(RealisticCluster cluster, String name, String... typeAndAddress) {
        NodeBuilder node = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .withNewDaemonEndpoints()
                .withNewKubeletEndpoint()
                .withPort(port())
                .endKubeletEndpoint()
                .endDaemonEndpoints()
                .endStatus();
        for (int i = 0; i < typeAndAddress.length; i += 2) {
            node.editStatus()
                    .addNewAddress()
                    .withType(typeAndAddress[i])
                    .withAddress(typeAndAddress[i + 1])
                    .endAddress()
                    .endStatus();
        }
        cluster.client().nodes().resource(node.build()).create();
    }

    private static String caller(HttpsExchange exchange) {
        try {
            return ((X509Certificate) exchange.getSSLSession().getPeerCertificates()[0])
                    .getSubjectX500Principal()
                    .getName();
        } catch (SSLPeerUnverifiedException e) {
            return "anonymous";
        }
    }

    private static SSLContext tls() throws Exception {
        ServingIdentity identity = ServingIdentity.selfSigned("vk", List.of("127.0.0.1"), Instant.now());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("k", identity.key(), new char[0], identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory km = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        km.init(keys, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(km.getKeyManagers(), new TrustManager[] {new AnyClient()}, null);
        return tls;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }

    /** Records whoever calls; the test asserts on the recorded subject. */
    private static final class AnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
