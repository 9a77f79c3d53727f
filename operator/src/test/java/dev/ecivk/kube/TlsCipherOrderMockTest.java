package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

/**
 * The suite a TLS client of this process agrees with a server that takes the client's order, in JVMs of their own
 * started as the image starts {@code ecivk} (C1 only) and otherwise.
 */
class TlsCipherOrderMockTest {

    private static String negotiated(String... jvmOptions) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(Arrays.asList(jvmOptions));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TlsCipherOrderProbe.class.getName()));
        Process probe = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(probe.exitValue()).as(out).isZero();
        return out.lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void withoutC2TheClientOffersChaCha20FirstAndGetsIt() throws Exception {
        assertThat(negotiated("-XX:TieredStopAtLevel=1")).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }

    @Test
    void withC2OrAnOrderOfTheUsersOwnTheJdksOrderStands() throws Exception {
        assertThat(negotiated()).startsWith("TLS_AES_").endsWith("_GCM_SHA384");
        assertThat(negotiated("-XX:TieredStopAtLevel=1", "-Djdk.tls.client.cipherSuites=TLS_AES_128_GCM_SHA256"))
                .isEqualTo("TLS_AES_128_GCM_SHA256");
    }

    @Test
    void theOrderNamesOnlySuitesTheJdkSupportsAndKeepsEveryTls13One() throws Exception {
        List<String> supported = Arrays.asList(
                SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());

        assertThat(supported).containsAll(TlsCipherOrder.CHACHA_FIRST);
        assertThat(TlsCipherOrder.CHACHA_FIRST)
                .containsAll(supported.stream()
                        .filter(s -> s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_"))
                        .toList());
        assertThat(TlsCipherOrder.CHACHA_FIRST.get(0)).isEqualTo("TLS_CHACHA20_POLY1305_SHA256");
    }
}
