package dev.ecivk.kube;

import dev.ecivk.kubeletapi.ServingIdentity;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Run in a JVM of its own (the JDK reads the client suites once): applies {@link TlsCipherOrder} as {@code ecivk}'s
 * main does, then connects a TLS client to a local server that, as Go's does for a client that puts ChaCha20 first,
 * takes the client's order; prints the suite they agreed on.
 */
public final class TlsCipherOrderProbe {
    private TlsCipherOrderProbe() {}

    /** A TLS server context that presents {@code identity}. */
    static SSLContext serverContext(ServingIdentity identity) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", identity.key(), password, identity.chain().toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        return server;
    }

    public static void main(String[] args) throws Exception {
        TlsCipherOrder.apply();
        ServingIdentity identity = ServingIdentity.selfSigned(
                "probe", ServingIdentity.defaultSubjectAltNames("probe", "127.0.0.1"), Instant.now());
        SSLContext server = serverContext(identity);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("probe", identity.certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket listener =
                (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0)) {
            SSLParameters params = listener.getSSLParameters();
            params.setUseCipherSuitesOrder(false); // the client's order wins
            listener.setSSLParameters(params);
            Thread accept = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept();
                        InputStream in = s.getInputStream();
                        OutputStream out = s.getOutputStream()) {
                    out.write(in.read());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            accept.start();
            try (SSLSocket s =
                    (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", listener.getLocalPort())) {
                s.getOutputStream().write(1);
                s.getInputStream().read();
                System.out.println(s.getSession().getCipherSuite());
            }
            accept.join();
        }
    }
}
