package dev.ecivk.kube;

import io.fabric8.kubernetes.client.vertx.VertxHttpClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The apiserver client's TLS with ChaCha20-Poly1305 offered first (see {@link TlsCipherOrder} for why). fabric8's
 * Vert.x client hands its JDK {@link SSLContext} to Netty, which enables a cipher list of its own on every engine
 * (AES-GCM only, whatever the JDK's order): so the engines of this context put the JDK's default ChaCha20 suites
 * first in any list they are given, and keep the rest as it was.
 */
public final class ChaChaFirstTls {
    private static final String CHACHA20 = "_CHACHA20_";

    private ChaChaFirstTls() {}

    /**
     * {@code suites} with ChaCha20 first: the ChaCha20 suites the JDK enables by default (Netty's own list has none),
     * then any other ChaCha20 suite of {@code suites}, then the rest of {@code suites} in its order.
     */
    static String[] chaChaFirst(String[] suites, String[] jdkDefaults) {
        if (suites == null) {
            return null;
        }
        Set<String> ordered = new LinkedHashSet<>();
        for (String suite : jdkDefaults) {
            if (suite.contains(CHACHA20)) {
                ordered.add(suite);
            }
        }
        for (String suite : suites) {
            if (suite.contains(CHACHA20)) {
                ordered.add(suite);
            }
        }
        for (String suite : suites) {
            ordered.add(suite);
        }
        return ordered.toArray(String[]::new);
    }

    /** An {@link SSLContext} like {@code inner} whose engines offer ChaCha20 first. */
    static SSLContext wrap(SSLContext inner) {
        return new Context(inner);
    }

    /** fabric8's Vert.x client, its TLS context wrapped by {@link #wrap}. */
    public static final class HttpClientFactory extends VertxHttpClientFactory {
        @Override
        public VertxHttpClientBuilder<VertxHttpClientFactory> newBuilder() {
            return new VertxHttpClientBuilder<>(this, null) {
                @Override
                public VertxHttpClientBuilder<VertxHttpClientFactory> sslContext(
                        KeyManager[] keyManagers, TrustManager[] trustManagers) {
                    super.sslContext(keyManagers, trustManagers);
                    this.sslContext = wrap(this.sslContext);
                    return this;
                }
            };
        }
    }

    private static final class Context extends SSLContext {
        Context(SSLContext inner) {
            super(new Spi(inner), inner.getProvider(), inner.getProtocol());
        }
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext inner;

        Spi(SSLContext inner) {
            this.inner = inner;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws KeyManagementException {
            inner.init(km, tm, random);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return inner.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return inner.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new Engine(inner.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new Engine(inner.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return inner.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return inner.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return inner.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return inner.getSupportedSSLParameters();
        }
    }

    /** The JDK's engine, with the cipher suites it is given reordered. */
    private static final class Engine extends SSLEngine {
        private final SSLEngine inner;
        private final String[] jdkDefaults;

        Engine(SSLEngine inner) {
            super(inner.getPeerHost(), inner.getPeerPort());
            this.inner = inner;
            this.jdkDefaults = inner.getEnabledCipherSuites();
            inner.setEnabledCipherSuites(chaChaFirst(jdkDefaults, jdkDefaults));
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            inner.setEnabledCipherSuites(chaChaFirst(suites, jdkDefaults));
        }

        @Override
        public void setSSLParameters(SSLParameters params) {
            if (params.getCipherSuites() != null) {
                params.setCipherSuites(chaChaFirst(params.getCipherSuites(), jdkDefaults));
            }
            inner.setSSLParameters(params);
        }

        @Override
        public SSLParameters getSSLParameters() {
            return inner.getSSLParameters();
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) throws SSLException {
            return inner.wrap(srcs, offset, length, dst);
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            return inner.unwrap(src, dsts, offset, length);
        }

        @Override
        public Runnable getDelegatedTask() {
            return inner.getDelegatedTask();
        }

        @Override
        public void closeInbound() throws SSLException {
            inner.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return inner.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            inner.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return inner.isOutboundDone();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return inner.getEnabledCipherSuites();
        }

        @Override
        public String[] getSupportedProtocols() {
            return inner.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return inner.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            inner.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return inner.getSession();
        }

        @Override
        public SSLSession getHandshakeSession() {
            return inner.getHandshakeSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            inner.beginHandshake();
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return inner.getHandshakeStatus();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            inner.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return inner.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            inner.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return inner.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            inner.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return inner.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            inner.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return inner.getEnableSessionCreation();
        }

        @Override
        public String getApplicationProtocol() {
            return inner.getApplicationProtocol();
        }

        @Override
        public String getHandshakeApplicationProtocol() {
            return inner.getHandshakeApplicationProtocol();
        }

        @Override
        public void setHandshakeApplicationProtocolSelector(BiFunction<SSLEngine, List<String>, String> selector) {
            inner.setHandshakeApplicationProtocolSelector(selector);
        }

        @Override
        public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
            return inner.getHandshakeApplicationProtocolSelector();
        }
    }
}
