package dev.ecivk.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/** Options of the embedded ECI, shared by {@code run --provider simulator} and {@code simulator}. */
public final class SimulatorOptions {

    @Option(
            names = "--sim-port",
            defaultValue = "0",
            description = "Port of the embedded ECI endpoint on loopback; 0 picks a free port.")
    private int port;

    @Option(
            names = "--sim-bind-address",
            defaultValue = "127.0.0.1",
            description = "Address the embedded ECI listens on. The admin API (/_sim/) answers loopback callers only.")
    private String bindAddress;

    @Option(
            names = "--sim-access-key-id",
            defaultValue = "simulator",
            description = "AccessKey id the embedded ECI accepts.")
    private String accessKeyId;

    @Option(
            names = "--sim-access-key-secret",
            defaultValue = "simulator-secret",
            description = "AccessKey secret the embedded ECI accepts (never logged).")
    private String accessKeySecret;

    @Option(
            names = "--sim-start-delay",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description = "How long a new container group stays Pending before it runs (ISO-8601 or 500ms/2s/1m).")
    private Duration startDelay;

    @Option(names = "--sim-region", defaultValue = "cn-hangzhou", description = "Region the embedded ECI serves.")
    private String region;

    @Option(
            names = "--sim-quota-scale",
            defaultValue = "1.0",
            description = "Multiplies the embedded ECI's per-action rate limits, and the client's own limits toward "
                    + "it (1.0 = Alibaba Cloud's defaults, 0 = no limits).")
    private double quotaScale;

    @Option(
            names = "--sim-max-cpu",
            defaultValue = "100000",
            description = "The embedded account's regional vCPU quota (ListUsage MaxCpu); creates beyond it fail "
                    + "with QuotaExceeded.")
    private double maxCpu;

    public int port() {
        return port;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String accessKeySecret() {
        return accessKeySecret;
    }

    public Duration startDelay() {
        return startDelay;
    }

    public String region() {
        return region;
    }

    public double quotaScale() {
        return quotaScale;
    }

    public double maxCpu() {
        return maxCpu;
    }

    void validate(picocli.CommandLine.Model.CommandSpec spec) {
        Validation.port(spec, "--sim-port", port, true);
        Validation.nonNegative(spec, "--sim-start-delay", startDelay);
        if (quotaScale < 0) {
            throw Validation.bad(spec, "--sim-quota-scale", "must not be negative");
        }
        if (!(maxCpu > 0)) {
            throw Validation.bad(spec, "--sim-max-cpu", "must be positive");
        }
    }

    @Override
    public String toString() {
        return "SimulatorOptions[port=" + port + ", bindAddress=" + bindAddress + ", accessKeyId=" + accessKeyId
                + ", accessKeySecret=<redacted>, startDelay=" + startDelay + ", region=" + region + ", quotaScale="
                + quotaScale + ", maxCpu=" + maxCpu + "]";
    }
}
