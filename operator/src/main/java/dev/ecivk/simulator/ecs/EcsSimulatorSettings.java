package dev.ecivk.simulator.ecs;

import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the embedded ECS behaves. The delays are an instance's time in each transitional state (real ECS takes tens of
 * seconds; the defaults are short so a demo is quick, tests shrink them further or drive a manual clock).
 *
 * @param bindAddress address to listen on (loopback by default)
 * @param port 0 picks a free port
 * @param accessKeys AccessKey id to secret; requests signed with any of them are accepted
 * @param region the region served
 * @param vSwitches vSwitch id to its zone and the first two octets of its /16 ({@code 10.1})
 * @param securityGroups the security groups that exist
 * @param images the image ids that exist
 * @param pendingDelay how long a new instance stays {@code Pending}
 * @param startingDelay how long an instance stays {@code Starting}
 * @param stoppingDelay how long a graceful stop stays {@code Stopping}
 * @param forceStoppingDelay how long a forced stop ({@code ForceStop=true}) stays {@code Stopping}
 * @param quotaScale multiplies every per-action rate limit; 0 or less disables them
 * @param instanceQuota live (not deleted) instances the account may hold, {@code QuotaExceed.ElasticQuota} beyond
 * @param clock the time source of the lifecycle engine and of signature timestamps
 * @param tick how often the lifecycle engine advances instances
 * @param workerThreads threads that run API calls
 * @param bootHook what an instance does when it reaches {@code Running}
 */
public record EcsSimulatorSettings(
        String bindAddress,
        int port,
        Map<String, String> accessKeys,
        String region,
        Map<String, VSwitch> vSwitches,
        Set<String> securityGroups,
        Set<String> images,
        Duration pendingDelay,
        Duration startingDelay,
        Duration stoppingDelay,
        Duration forceStoppingDelay,
        double quotaScale,
        int instanceQuota,
        Clock clock,
        Duration tick,
        int workerThreads,
        VmBootHook bootHook) {

    public static final String DEFAULT_ACCESS_KEY_ID = "simulator";
    public static final String DEFAULT_ACCESS_KEY_SECRET = "simulator-secret";
    public static final String DEFAULT_SECURITY_GROUP = "sg-sim";
    /** The image the embedded ECS offers: a Linux image with cloud-init, a container runtime and Java. */
    public static final String DEFAULT_IMAGE = "m-ecivk-agent";

    /** A vSwitch: its zone and the /16 network ({@code 10.1}) its instances get addresses from. */
    public record VSwitch(String zoneId, String network) {}

    public EcsSimulatorSettings {
        accessKeys = Map.copyOf(accessKeys);
        vSwitches = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vSwitches));
        securityGroups = Set.copyOf(securityGroups);
        images = Set.copyOf(images);
        if (vSwitches.isEmpty()) {
            throw new IllegalArgumentException("at least one vSwitch is needed");
        }
        if (bootHook == null) {
            bootHook = VmBootHook.NONE;
        }
    }

    /** The zones of the configured vSwitches, in order. */
    public Set<String> zones() {
        Set<String> zones = new LinkedHashSet<>();
        vSwitches.values().forEach(v -> zones.add(v.zoneId()));
        return zones;
    }

    public static EcsSimulatorSettings defaults() {
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
        b.vSwitches = new LinkedHashMap<>(vSwitches);
        b.securityGroups = new LinkedHashSet<>(securityGroups);
        b.images = new LinkedHashSet<>(images);
        b.pendingDelay = pendingDelay;
        b.startingDelay = startingDelay;
        b.stoppingDelay = stoppingDelay;
        b.forceStoppingDelay = forceStoppingDelay;
        b.quotaScale = quotaScale;
        b.instanceQuota = instanceQuota;
        b.clock = clock;
        b.tick = tick;
        b.workerThreads = workerThreads;
        b.bootHook = bootHook;
        return b;
    }

    @Override
    public String toString() {
        return "EcsSimulatorSettings[bindAddress=" + bindAddress + ", port=" + port + ", accessKeyIds="
                + accessKeys.keySet() + ", region=" + region + ", vSwitches=" + vSwitches + ", pendingDelay="
                + pendingDelay + ", startingDelay=" + startingDelay + ", stoppingDelay=" + stoppingDelay
                + ", quotaScale=" + quotaScale + ", instanceQuota=" + instanceQuota + "]";
    }

    /** Builds settings; every value has a default. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 0;
        private Map<String, String> accessKeys =
                new LinkedHashMap<>(Map.of(DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET));
        private String region = "cn-hangzhou";
        private Map<String, VSwitch> vSwitches = null;
        private Set<String> securityGroups = new LinkedHashSet<>(Set.of(DEFAULT_SECURITY_GROUP));
        private Set<String> images = new LinkedHashSet<>(Set.of(DEFAULT_IMAGE));
        private Duration pendingDelay = Duration.ofSeconds(1);
        private Duration startingDelay = Duration.ofSeconds(2);
        private Duration stoppingDelay = Duration.ofSeconds(2);
        private Duration forceStoppingDelay = Duration.ofMillis(500);
        private double quotaScale = 1.0;
        private int instanceQuota = 1000;
        private Clock clock = Clock.systemUTC();
        private Duration tick = Duration.ofMillis(100);
        private int workerThreads = 8;
        private VmBootHook bootHook = VmBootHook.NONE;

        public Builder bindAddress(String v) {
            bindAddress = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        /** Replaces the accepted AccessKey pairs by this one. */
        public Builder accessKey(String id, String secret) {
            accessKeys = new LinkedHashMap<>(Map.of(id, secret));
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        /** Adds a vSwitch (the first call replaces the defaults {@code vsw-sim-a}/{@code vsw-sim-b}). */
        public Builder vSwitch(String id, String zoneId, String network) {
            if (vSwitches == null) {
                vSwitches = new LinkedHashMap<>();
            }
            vSwitches.put(id, new VSwitch(zoneId, network));
            return this;
        }

        public Builder securityGroup(String v) {
            securityGroups.add(v);
            return this;
        }

        public Builder image(String v) {
            images.add(v);
            return this;
        }

        /** Sets the time in {@code Pending}, {@code Starting} and graceful {@code Stopping} at once. */
        public Builder delays(Duration v) {
            pendingDelay = v;
            startingDelay = v;
            stoppingDelay = v;
            forceStoppingDelay = v;
            return this;
        }

        public Builder pendingDelay(Duration v) {
            pendingDelay = v;
            return this;
        }

        public Builder startingDelay(Duration v) {
            startingDelay = v;
            return this;
        }

        public Builder stoppingDelay(Duration v) {
            stoppingDelay = v;
            return this;
        }

        public Builder forceStoppingDelay(Duration v) {
            forceStoppingDelay = v;
            return this;
        }

        public Builder quotaScale(double v) {
            quotaScale = v;
            return this;
        }

        public Builder instanceQuota(int v) {
            instanceQuota = v;
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

        public Builder bootHook(VmBootHook v) {
            bootHook = v;
            return this;
        }

        public EcsSimulatorSettings build() {
            Map<String, VSwitch> switches = vSwitches;
            if (switches == null) {
                switches = new LinkedHashMap<>();
                switches.put("vsw-sim-a", new VSwitch(region + "-a", "10.1"));
                switches.put("vsw-sim-b", new VSwitch(region + "-b", "10.2"));
            }
            return new EcsSimulatorSettings(
                    bindAddress,
                    port,
                    accessKeys,
                    region,
                    switches,
                    securityGroups,
                    images,
                    pendingDelay,
                    startingDelay,
                    stoppingDelay,
                    forceStoppingDelay,
                    quotaScale,
                    instanceQuota,
                    clock,
                    tick,
                    workerThreads,
                    bootHook);
        }
    }
}
