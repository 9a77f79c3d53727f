package dev.ecivk.agent.protocol;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The agent protocol's TLS trust: both ends use self-signed certificates and trust exactly one certificate, named by
 * the SHA-256 of its DER encoding ({@code sha256/<base64>}). The agent pins the controller's gateway certificate
 * from its user data; the controller pins the agent's certificate from its registration. No CA, no host names: the
 * pin is the identity.
 */
public final class CertificatePins {
    private static final String PREFIX = "sha256/";

    private CertificatePins() {}

    /** The pin of a certificate. */
    public static String pin(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return PREFIX + Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot hash a certificate", e);
        }
    }

    /** True when {@code pin} has the form this class writes. */
    public static boolean wellFormed(String pin) {
        if (pin == null || !pin.startsWith(PREFIX)) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(pin.substring(PREFIX.length())).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Trusts a peer whose leaf certificate has {@code pin}, and nothing else. */
    public static X509ExtendedTrustManager trusting(String pin) {
        if (!wellFormed(pin)) {
            throw new IllegalArgumentException("not a certificate pin: expected sha256/<base64 of 32 bytes>");
        }
        return new PinningTrustManager(pin);
    }

    /**
     * Trusts each peer by the pin {@code pins} gives for the address it was dialled at ({@code host:port}): one TLS
     * context (and one HTTP client) serves every agent, each still held to its own certificate.
     */
    public static X509ExtendedTrustManager trustingByAddress(java.util.function.Function<String, String> pins) {
        return new AddressPinningTrustManager(pins);
    }

    /**
     * A TLS context that trusts only the peer with {@code peerPin} and, when {@code key} is given, presents
     * {@code chain} as its own certificate (the controller does, toward agents).
     */
    public static SSLContext context(String peerPin, PrivateKey key, List<X509Certificate> chain) {
        return context(trusting(peerPin), key, chain);
    }

    /** A TLS context with {@code trust}, presenting {@code chain} when {@code key} is given. */
    public static SSLContext context(X509ExtendedTrustManager trust, PrivateKey key, List<X509Certificate> chain) {
        try {
            KeyManager[] keyManagers = null;
            if (key != null) {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                char[] password = new char[0];
                store.setKeyEntry("identity", key, password, chain.toArray(X509Certificate[]::new));
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(store, password);
                keyManagers = factory.getKeyManagers();
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers, new javax.net.ssl.TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the agent protocol's TLS context", e);
        }
    }

    /** Server-side checks only: the peer host and port of the engine say which pin applies. */
    private static final class AddressPinningTrustManager extends X509ExtendedTrustManager {
        private final java.util.function.Function<String, String> pins;

        AddressPinningTrustManager(java.util.function.Function<String, String> pins) {
            this.pins = pins;
        }

        private void check(X509Certificate[] chain, SSLEngine engine) throws CertificateException {
            String address = engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort();
            String pin = address == null ? null : pins.apply(address);
            if (pin == null) {
                throw new CertificateException("no agent is known at " + address);
            }
            new PinningTrustManager(pin).check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, engine);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("agents are reached through SSLEngine-based clients only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("agents are reached through SSLEngine-based clients only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager only checks servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /**
     * Checks the leaf only. Being an {@link X509ExtendedTrustManager}, it is not wrapped by JSSE's host name check:
     * the pin is the identity, the address the peer is reached at is not.
     */
    private static final class PinningTrustManager extends X509ExtendedTrustManager {
        private final String pin;

        PinningTrustManager(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("the peer presented no certificate");
            }
            chain[0].checkValidity();
            if (!MessageDigest.isEqual(
                    pin.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    pin(chain[0]).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
                throw new CertificateException("the peer's certificate does not match the pinned one");
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
