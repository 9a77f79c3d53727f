package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.kubeletapi.TestCertificates;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the apiserver reaches a Node's kubelet: the first of the Node's addresses in
 * {@code --kubelet-preferred-address-types} order (default Hostname, InternalDNS, InternalIP, ExternalDNS,
 * ExternalIP), resolved by DNS ("dial tcp: lookup x: no such host" when it does not resolve), loopback and
 * link-local addresses refused ("address not allowed") unless the cluster allows them, the port of
 * {@code status.daemonEndpoints.kubeletEndpoint}, HTTPS with the apiserver's kubelet client certificate and, as the
 * apiserver without {@code --kubelet-certificate-authority}, no check of the kubelet's certificate.
 */
final class KubeletDialer {
    static final List<String> PREFERRED_ADDRESS_TYPES =
            List.of("Hostname", "InternalDNS", "InternalIP", "ExternalDNS", "ExternalIP");
    private static final int DEFAULT_PORT = 10250;

    /** Where a Node's kubelet is. */
    record Target(String host, InetAddress address, int port) {
        String url(String pathAndQuery) {
            String h = host.contains(":") ? "[" + host + "]" : host;
            return "https://" + h + ":" + port + pathAndQuery;
        }
    }

    private final boolean allowLoopback;
    private final SSLContext tls;

    KubeletDialer(ClusterCredentials credentials, boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
        this.tls = clientTls(credentials.kubeletClient());
    }

    SSLContext tls() {
        return tls;
    }

    /**
     * Picks, resolves and vets the kubelet's address of {@code node}.
     *
     * @param pathAndQuery what will be asked of the kubelet, for the error message (Go's url.Error format)
     */
    Target resolve(JsonNode node, String pathAndQuery) {
        JsonNode addresses = node.path("status").path("addresses");
        String host = null;
        for (String type : PREFERRED_ADDRESS_TYPES) {
            for (JsonNode a : addresses) {
                if (host == null
                        && type.equals(a.path("type").asText())
                        && !a.path("address").asText("").isEmpty()) {
                    host = a.path("address").asText();
                }
            }
        }
        if (host == null) {
            List<String> known = new ArrayList<>();
            addresses.forEach(a -> known.add(
                    "{" + a.path("type").asText() + " " + a.path("address").asText() + "}"));
            throw new KubeletUnreachableException(
                    "no preferred addresses found; known addresses: [" + String.join(" ", known) + "]");
        }
        int port = node.path("status")
                .path("daemonEndpoints")
                .path("kubeletEndpoint")
                .path("Port")
                .asInt(0);
        Target unresolved = new Target(host, null, port > 0 ? port : DEFAULT_PORT);
        String get = "Get \"" + unresolved.url(pathAndQuery) + "\": ";
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new KubeletUnreachableException(get + "dial tcp: lookup " + host + ": no such host");
        }
        if (!allowLoopback && (address.isLoopbackAddress() || address.isLinkLocalAddress())) {
            throw new KubeletUnreachableException(get + "address not allowed");
        }
        return new Target(host, address, unresolved.port());
    }

    /** A TLS connection to the kubelet, handshake done, for piping a request through. */
    Socket connect(Target target, String pathAndQuery) {
        try {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(target.address(), target.port());
            socket.startHandshake();
            return socket;
        } catch (java.io.IOException e) {
            throw new KubeletUnreachableException("Get \"" + target.url(pathAndQuery) + "\": dial tcp "
                    + target.address().getHostAddress() + ":" + target.port() + ": connect: " + e.getMessage());
        }
    }

    private static SSLContext clientTls(TestCertificates.Issued client) {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("kubelet-client", client.keys().getPrivate(), new char[0], new X509Certificate[] {
                client.certificate()
            });
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, new char[0]);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), new TrustManager[] {new UncheckedKubelet()}, null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the kubelet client's TLS", e);
        }
    }

    /** The apiserver's default: it does not verify the kubelet's serving certificate. */
    private static final class UncheckedKubelet extends X509ExtendedTrustManager {
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
