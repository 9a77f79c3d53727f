package dev.ecivk.e2e.burst;

import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.simulator.SimulatorAdminClient;
import java.time.Duration;

/**
 * How the benchmark reaches the embedded ECI of the kubelet under test: its admin API (counters) and its signed API
 * through Alibaba's client (the status probe's restarts), with the AccessKey the benchmark gave the controller.
 */
record EciAccess(String endpoint, String region, String accessKeyId, String accessKeySecret) {

    SimulatorAdminClient admin() {
        return new SimulatorAdminClient(endpoint);
    }

    /** Alibaba's ECI client with the client-side rate limits scaled as the controller's are. */
    EciProvider provider(double quotaScale) {
        return new EciProvider(EciProvider.Settings.staticKey(endpoint, region, accessKeyId, accessKeySecret)
                .withRateLimit(quotaScale, Duration.ofSeconds(30)));
    }

    @Override
    public String toString() {
        return "EciAccess[endpoint=" + endpoint + ", region=" + region + ", accessKeyId=" + accessKeyId + "]";
    }
}
