package dev.ecivk.simulator;

import dev.ecivk.kubelet.RestartBackOff;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the embedded ECI behaves. Defaults follow Alibaba Cloud's documented numbers (quotas, retention) and a
 * two-second start delay; tests shrink the delays.
 *
 * @param bindAddress address to listen on (loopback by default)
 * @param port 0 picks a free port
 * @param accessKeys AccessKey id to secret; requests signed with any of them are accepted
 * @param region the region served
 * @param startDelay how long a new group stays Pending
 * @param restartBackoff the first wait of the crash-loop back-off; later waits double up to 30 times it and a run of
 *     60 times it resets the sequence, so the default 10 s gives the kubelet's 10 s … 5 min, reset after 10 min
 * @param quotaScale multiplies every per-action rate limit; 0 or less disables the limits
 * @param vSwitchZones vSwitch id to zone id; unknown vSwitches land in the first zone
 * @param zoneStock how many live groups a zone holds (absent = unlimited)
 * @param terminalRetention how long every ended (Succeeded/Failed) group stays visible
 * @param retainedTerminalGroups how many ended groups stay visible after that, newest first
 * @param maxCpu the account's regional vCPU quota (ListUsage {@code MaxCpu}); creates beyond it fail
 * @param clock the time source of the lifecycle engine
 * @param tick how often the lifecycle engine advances groups
 * @param workerThreads threads that run API calls
 */
public record SimulatorSettings(
        String bindAddress,
        int port,
        Map<String, String> accessKeys,
        String region,
        Duration startDelay,
        Duration restartBackoff,
        double quotaScale,
        Map<String, String> vSwitchZones,
        Map<String, Integer> zoneStock,
        Duration terminalRetention,
        int retainedTerminalGroups,
        double maxCpu,
        Clock clock,
        Duration tick,
        int workerThreads) {

    public static final String DEFAULT_ACCESS_KEY_ID = "simulator";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "simulator-secret";
    /** The default regional vCPU quota of the embedded account. */
    public static final double DEFAULT_MAX_CPU = 100_000;

    public SimulatorSettings {
        accessKeys = Map.copyOf(accessKeys);
        vSwitchZones = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vSwitchZones));
        zoneStock = Map.copyOf(zoneStock);
        if (vSwitchZones.isEmpty()) {
            throw new IllegalArgumentException("at least one vSwitch is needed");
        }
        if (!(maxCpu > 0)) {
            throw new IllegalArgumentException("the vCPU quota must be positive");
        }
    }

    public static SimulatorSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.bindAddress = bindAddress;
        b.port = port;
        b.accessKeys = new LinkedHashMap<>(accessKeys);
        b.region = region;
        b.startDelay = startDelay;
        b.restartBackoff = restartBackoff;
        b.quotaScale = quotaScale;
        b.vSwitchZones = new LinkedHashMap<>(vSwitchZones);
        b.zoneStock = new LinkedHashMap<>(zoneStock);
        b.terminalRetention = terminalRetention;
        b.retainedTerminalGroups = retainedTerminalGroups;
        b.maxCpu = maxCpu;
        b.clock = clock;
        b.tick = tick;
        b.workerThreads = workerThreads;
        return b;
    }

    /** The first zone: where unknown vSwitches are placed. */
    public String defaultZone() {
        return vSwitchZones.values().iterator().next();
    }

    public boolean quotasEnabled() {
        return quotaScale > 0 && Double.isFinite(quotaScale);
    }

    @Override
    public String toString() {
        return "SimulatorSettings[bindAddress=" + bindAddress + ", port=" + port + ", accessKeyIds="
                + accessKeys.keySet() + ", region=" + region + ", startDelay=" + startDelay + ", quotaScale="
                + quotaScale + ", vSwitchZones=" + vSwitchZones + "]";
    }

    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private Map<String, String> accessKeys =
                new LinkedHashMap<>(Map.of(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET));
        private String region = "cn-hangzhou";
        private Duration startDelay = Duration.ofSeconds(2);
        private Duration restartBackoff = RestartBackOff.Policy.KUBELET.initial();
        private double quotaScale = 1.0;
        private Map<String, String> vSwitchZones;
        private Map<String, Integer> zoneStock = new LinkedHashMap<>();
        private Duration terminalRetention = Duration.ofHours(1);
        private int retainedTerminalGroups = 100;
        /** A raised quota, so that default runs and 10,000-Pod benchmarks are not limited by it. */
        private double maxCpu = DEFAULT_MAX_CPU;

        private Clock clock = Clock.systemUTC();
        private Duration tick = Duration.ofMillis(20);
        private int workerThreads = 16;

        private Builder() {}

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        /** Replaces the accepted keys with this one pair. */
        public Builder accessKey(String id, String secret) {
            accessKeys = new LinkedHashMap<>(Map.of(id, secret));
            return this;
        }

        public Builder addAccessKey(String id, String secret) {
            accessKeys.put(id, secret);
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder startDelay(Duration v) {
            startDelay = v;
            return this;
        }

        public Builder restartBackoff(Duration v) {
            restartBackoff = v;
            return this;
        }

        public Builder quotaScale(double v) {
            quotaScale = v;
            return this;
        }

        public Builder vSwitchZones(Map<String, String> v) {
            vSwitchZones = new LinkedHashMap<>(v);
            return this;
        }

        public Builder zoneStock(String zoneId, int stock) {
            zoneStock.put(zoneId, stock);
            return this;
        }

        public Builder terminalRetention(Duration v) {
            terminalRetention = v;
            return this;
        }

        public Builder retainedTerminalGroups(int v) {
            retainedTerminalGroups = v;
            return this;
        }

        public Builder maxCpu(double v) {
            maxCpu = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public Builder tick(Duration v) {
            tick = v;
            return this;
        }

        public Builder workerThreads(int v) {
            workerThreads = v;
            return this;
        }

        public SimulatorSettings build() {
            Map<String, String> zones = vSwitchZones;
            if (zones == null || zones.isEmpty()) {
                zones = new LinkedHashMap<>();
                zones.put("vsw-sim-a", region + "-a");
                zones.put("vsw-sim-b", region + "-b");
                zones.put("vsw-sim-c", region + "-c");
            }
            return new SimulatorSettings(
                    bindAddress,
                    port,
                    accessKeys,
                    region,
                    startDelay,
                    restartBackoff,
                    quotaScale,
                    zones,
                    zoneStock,
                    terminalRetention,
                    retainedTerminalGroups,
                    maxCpu,
                    clock,
                    tick,
                    workerThreads);
        }
    }
}
