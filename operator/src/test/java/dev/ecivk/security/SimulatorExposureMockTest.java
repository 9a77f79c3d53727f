package dev.ecivk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The embedded ECI's unsigned admin API (faults, stock, reset) answers loopback callers only, even when the
 * simulator listens on every interface; its ECI endpoint refuses unsigned calls.
 */
class SimulatorExposureMockTest {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }

    private static int status(String method, String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(5))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theAdminApiAnswersLoopbackOnlyAndTheEciEndpointWantsSignatures() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        Assumptions.assumeTrue(external.isPresent(), "this host has no non-loopback IPv4 address");
        try (EciSimulator sim = EciSimulator.start(
                SimulatorSettings.builder().bindAddress("0.0.0.0").port(0).build())) {
            int port = sim.port();
            String outside = "http://" + external.get().getHostAddress() + ":" + port;
            String loopback = "http://127.0.0.1:" + port;

            assertThat(status("GET", loopback + "/_sim/counters")).isEqualTo(200);
            assertThat(status("GET", outside + "/_sim/counters")).isEqualTo(403);
            assertThat(status("POST", outside + "/_sim/reset")).isEqualTo(403);
            assertThat(status("DELETE", outside + "/_sim/faults")).isEqualTo(403);
            // the ECI endpoint itself: an unsigned call is refused from anywhere
            assertThat(status("POST", outside + "/?Action=DescribeRegions&RegionId=cn-hangzhou"))
                    .isBetween(400, 499);
        }
    }
}
