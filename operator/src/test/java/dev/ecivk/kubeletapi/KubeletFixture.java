package dev.ecivk.kubeletapi;

import dev.ecivk.testing.MutableClock;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** A started kubelet API server over the in-test backend, and an HTTPS client that trusts its certificate. */
final class KubeletFixture implements AutoCloseable {
    static final String NODE = "vk-test";
    static final Instant START = Instant.parse("2026-11-22T10:00:00Z");

    final MutableClock clock = new MutableClock(START);
    final List<Pod> pods = new CopyOnWriteArrayList<>();
    final FakeExecBackend execBackend;
    final FakeContainerAccess access;
    final KubeletServer server;

    KubeletFixture(UnaryOperator<KubeletServerConfig> customise, KubernetesClient client) throws Exception {
        execBackend = new FakeExecBackend();
        access = new FakeContainerAccess(clock, execBackend);
        KubeletServerConfig config = customise.apply(
                KubeletServerConfig.of(NODE, "127.0.0.1", "127.0.0.1", 0).withLogPollInterval(Duration.ofMillis(100)));
        server = new KubeletServer(config, (PodDirectory) () -> List.copyOf(pods), access, client, clock);
        server.start();
    }

    static KubeletFixture anonymous() throws Exception {
        return new KubeletFixture(config -> config.withAnonymousAuth(true), null);
    }

    URI uri(String pathAndQuery) {
        return URI.create("https://127.0.0.1:" + server.port() + pathAndQuery);
    }

    HttpClient http() throws Exception {
        return HttpClient.newBuilder().sslContext(tls(null, null)).build();
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http().send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** TLS trusting this server's certificate, presenting {@code clientKey}'s certificate when given. */
    SSLContext tls(java.security.PrivateKey clientKey, X509Certificate clientCertificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("kubelet", server.servingCertificate());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (clientKey != null) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", clientKey, "x".toCharArray(), new X509Certificate[] {clientCertificate});
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, "x".toCharArray());
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * Presents the client certificate whatever issuers the server asks for, so that a certificate from the wrong CA
     * reaches the server (a JDK client would otherwise just send none).
     */
    private static final class AlwaysPresenting extends javax.net.ssl.X509ExtendedKeyManager {
        private final javax.net.ssl.X509ExtendedKeyManager delegate;

        AlwaysPresenting(javax.net.ssl.X509ExtendedKeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(
                String[] keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return delegate.getPrivateKey(alias);
        }
    }

    /** A running Pod on this node with its container group id annotation. */
    static Pod pod(String namespace, String name, String groupId, String... containers) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid("uid-" + name)
                .addToAnnotations(PodDirectory.CONTAINER_GROUP_ID_ANNOTATION, groupId)
                .endMetadata()
                .withNewSpec()
                .withNodeName(NODE)
                .withContainers(Arrays.stream(containers)
                        .map(c -> new ContainerBuilder()
                                .withName(c)
                                .withImage("busybox")
                                .build())
                        .toList())
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withStartTime(START.toString())
                .withContainerStatuses(Arrays.stream(containers)
                        .map(c -> new ContainerStatusBuilder()
                                .withName(c)
                                .withNewState()
                                .withNewRunning()
                                .withStartedAt(START.plusSeconds(1).toString())
                                .endRunning()
                                .endState()
                                .build())
                        .toList())
                .endStatus()
                .build();
    }

    /** Marks a container of a Pod terminated, as the reconciler's status write would. */
    void terminate(String name, String container) {
        for (int i = 0; i < pods.size(); i++) {
            Pod pod = pods.get(i);
            if (pod.getMetadata().getName().equals(name)) {
                Pod updated = new PodBuilder(pod).build();
                updated.getStatus().getContainerStatuses().stream()
                        .filter(status -> status.getName().equals(container))
                        .forEach(status -> status.setState(new io.fabric8.kubernetes.api.model.ContainerStateBuilder()
                                .withNewTerminated()
                                .withExitCode(0)
                                .endTerminated()
                                .build()));
                pods.set(i, updated);
            }
        }
    }

    @Override
    public void close() {
        server.stop();
        execBackend.close();
    }
}
