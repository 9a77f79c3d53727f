package dev.ecivk.kube;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Which cipher this process's TLS clients (the apiserver's watches and writes, the cloud's API) offer first.
 *
 * <p>The image runs the JVM without its optimising compiler ({@code -XX:TieredStopAtLevel=1}: C2's compilations in
 * a cold JVM cost more CPU than they save in a burst). Without C2 the JVM's AES-GCM has none of its CPU
 * instructions (AES-NI, carry-less multiply) and runs in plain Java: 42 MB/s on this project's benchmark VM, where
 * ChaCha20-Poly1305, plain Java too, runs at 182 MB/s. On a real control plane, decrypting the Pod watch took 55% of
 * the client's event-loop threads in a 2,000-Pod burst. So, without C2, the client offers ChaCha20-Poly1305 first;
 * a server that honours the client's order (Go's, the apiserver's, does when the client puts ChaCha20 first) picks
 * it, and any other still finds every AES-GCM suite the JDK offers by default. With C2, or when
 * {@value #CLIENT_CIPHER_SUITES} is already set, nothing changes. The JDK's order reaches the clients that take the
 * JDK's (the cloud SDKs' OkHttp); the apiserver client's Netty enables a list of its own, which {@link
 * ChaChaFirstTls} reorders the same way.
 */
public final class TlsCipherOrder {
    static final String CLIENT_CIPHER_SUITES = "jdk.tls.client.cipherSuites";

    /** The JDK's default client suites, ChaCha20-Poly1305 first in each family; unknown names are skipped. */
    static final List<String> CHACHA_FIRST = List.of(
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");

    private TlsCipherOrder() {}

    /**
     * Sets the client suites' order for this JVM, before its first TLS connection (the JDK reads it once). Returns
     * whether it did.
     */
    public static boolean apply() {
        return apply(hasOptimisingCompiler());
    }

    /** Whether this JVM's TLS clients should offer ChaCha20-Poly1305 first: it runs without C2. */
    public static boolean prefersChaCha() {
        return !hasOptimisingCompiler();
    }

    static boolean apply(boolean optimisingCompiler) {
        if (optimisingCompiler || System.getProperty(CLIENT_CIPHER_SUITES) != null) {
            return false;
        }
        System.setProperty(CLIENT_CIPHER_SUITES, String.join(",", CHACHA_FIRST));
        return true;
    }

    /** Whether C2 compiles this JVM's hot code (tiered compilation up to level 4). */
    static boolean hasOptimisingCompiler() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot == null
                    || Integer.parseInt(hotspot.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (IllegalArgumentException e) {
            return true; // not HotSpot, or no such option: leave the JDK's order
        }
    }
}
