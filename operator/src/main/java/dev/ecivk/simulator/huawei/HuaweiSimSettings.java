package dev.ecivk.simulator.huawei;

import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How the embedded Huawei ECS behaves. The network resources it knows (VPC, subnets, security group, image) are
 * fixed ids unless set; the flavor catalogue, job timings and tenant quotas follow Huawei Cloud's shapes and are
 * shrunk by tests.
 *
 * @param accessKeys AK to SK; requests signed with any of them are accepted
 * @param projectId the only project served (the {@code {project_id}} of every path)
 * @param zones availability zones; the first one is used when a create names none
 * @param subnets subnet id to the first two octets of its addresses (a /16, e.g. {@code 192.168})
 * @param images image ids the create accepts
 * @param scheduleDelay how long a create job waits before its server appears ({@code BUILD}) or the job fails
 * @param buildTime how long a server stays {@code BUILD} before it is {@code ACTIVE} and its job succeeds
 * @param deleteTime how long a delete job takes
 * @param quotas tenant quotas: instances, vCPUs, memory
 * @param zoneStock how many live servers a zone holds (absent = unlimited); beyond it create jobs fail
 * @param deletedRetention how long a deleted server still answers by id (as {@code DELETED})
 * @param tokenValidity how long an {@code X-Client-Token} is remembered (Huawei Cloud: 8 hours)
 * @param tick how often the lifecycle engine advances servers and jobs
 * @param bootHook what a server does when it becomes {@code ACTIVE}
 */
public record HuaweiSimSettings(
        String bindAddress,
        int port,
        Map<String, String> accessKeys,
        String projectId,
        String region,
        List<String> zones,
        String vpcId,
        Map<String, String> subnets,
        Set<String> securityGroups,
        Set<String> images,
        List<SimFlavor> flavors,
        Duration scheduleDelay,
        Duration buildTime,
        Duration deleteTime,
        Quotas quotas,
        Map<String, Integer> zoneStock,
        Duration deletedRetention,
        Duration tokenValidity,
        Clock clock,
        Duration tick,
        int workerThreads,
        VmBootHook bootHook) {

    public static final String DEFAULT_ACCESS_KEY_ID = "simulator";
    public static final String DEFAULT_SECRET_ACCESS_KEY = "simulator-secret";
    public static final String DEFAULT_PROJECT_ID = "0a5b6c7d8e9f40a1b2c3d4e5f6a7b8c9";
    public static final String DEFAULT_VPC_ID = "3b1f5e2a-7c4d-4e8f-9a0b-1c2d3e4f5a6b";
    public static final String DEFAULT_SUBNET_ID = "8d2e6f3b-1a5c-4b7d-8e9f-0a1b2c3d4e5f";
    public static final String DEFAULT_SECURITY_GROUP_ID = "5c3d7e4f-2b6a-4c8e-9f0a-1b2c3d4e5f6a";
    public static final String DEFAULT_IMAGE_ID = "9e4f8a5b-3c7d-4e9f-8a0b-1c2d3e4f5a6c";

    /** Huawei Cloud's per-tenant limits: instances, vCPUs and memory. */
    public record Quotas(int instances, int cores, long ramMiB) {}

    public HuaweiSimSettings {
        accessKeys = Map.copyOf(accessKeys);
        zones = List.copyOf(zones);
        subnets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(subnets));
        securityGroups = Set.copyOf(securityGroups);
        images = Set.copyOf(images);
        flavors = List.copyOf(flavors);
        zoneStock = Map.copyOf(zoneStock);
        if (zones.isEmpty() || subnets.isEmpty()) {
            throw new IllegalArgumentException("the embedded Huawei ECS needs a zone and a subnet");
        }
    }

    public static HuaweiSimSettings defaults() {
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
        b.projectId = projectId;
        b.region = region;
        b.zones = new ArrayList<>(zones);
        b.vpcId = vpcId;
        b.subnets = new LinkedHashMap<>(subnets);
        b.securityGroups = new LinkedHashSet<>(securityGroups);
        b.images = new LinkedHashSet<>(images);
        b.flavors = new ArrayList<>(flavors);
        b.scheduleDelay = scheduleDelay;
        b.buildTime = buildTime;
        b.deleteTime = deleteTime;
        b.quotas = quotas;
        b.zoneStock = new LinkedHashMap<>(zoneStock);
        b.deletedRetention = deletedRetention;
        b.tokenValidity = tokenValidity;
        b.clock = clock;
        b.tick = tick;
        b.workerThreads = workerThreads;
        b.bootHook = bootHook;
        return b;
    }

    @Override
    public String toString() {
        return "HuaweiSimSettings[bindAddress=" + bindAddress + ", port=" + port + ", accessKeyIds="
                + accessKeys.keySet() + ", projectId=" + projectId + ", region=" + region + ", zones=" + zones
                + ", scheduleDelay=" + scheduleDelay + ", buildTime=" + buildTime + ", deleteTime=" + deleteTime
                + ", quotas=" + quotas + "]";
    }

    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port;
        private Map<String, String> accessKeys =
                new LinkedHashMap<>(Map.of(DEFAULT_ACCESS_KEY_ID, DEFAULT_SECRET_ACCESS_KEY));
        private String projectId = DEFAULT_PROJECT_ID;
        private String region = "cn-north-4";
        private List<String> zones;
        private String vpcId = DEFAULT_VPC_ID;
        private Map<String, String> subnets = new LinkedHashMap<>(Map.of(DEFAULT_SUBNET_ID, "192.168"));
        private Set<String> securityGroups = new LinkedHashSet<>(Set.of(DEFAULT_SECURITY_GROUP_ID));
        private Set<String> images = new LinkedHashSet<>(Set.of(DEFAULT_IMAGE_ID));
        private List<SimFlavor> flavors = new ArrayList<>(SimFlavor.defaultCatalogue());
        private Duration scheduleDelay = Duration.ofSeconds(1);
        private Duration buildTime = Duration.ofSeconds(3);
        private Duration deleteTime = Duration.ofSeconds(2);
        private Quotas quotas = new Quotas(200, 800, 1_638_400);
        private Map<String, Integer> zoneStock = new LinkedHashMap<>();
        private Duration deletedRetention = Duration.ofHours(1);
        private Duration tokenValidity = Duration.ofHours(8);
        private Clock clock = Clock.systemUTC();
        private Duration tick = Duration.ofMillis(20);
        private int workerThreads = 8;
        private VmBootHook bootHook = VmBootHook.NONE;

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
        public Builder accessKey(String ak, String sk) {
            accessKeys = new LinkedHashMap<>(Map.of(ak, sk));
            return this;
        }

        public Builder projectId(String v) {
            projectId = v;
            return this;
        }

        public Builder region(String v) {
            region = v;
            return this;
        }

        public Builder zones(List<String> v) {
            zones = new ArrayList<>(v);
            return this;
        }

        public Builder vpcId(String v) {
            vpcId = v;
            return this;
        }

        /** Adds a subnet whose addresses start with {@code prefix} (two octets: a /16). */
        public Builder subnet(String id, String prefix) {
            subnets.put(id, prefix);
            return this;
        }

        public Builder securityGroup(String id) {
            securityGroups.add(id);
            return this;
        }

        public Builder image(String id) {
            images.add(id);
            return this;
        }

        public Builder flavors(List<SimFlavor> v) {
            flavors = new ArrayList<>(v);
            return this;
        }

        public Builder scheduleDelay(Duration v) {
            scheduleDelay = v;
            return this;
        }

        public Builder buildTime(Duration v) {
            buildTime = v;
            return this;
        }

        public Builder deleteTime(Duration v) {
            deleteTime = v;
            return this;
        }

        /** Sets all three job timings at once (tests). */
        public Builder timings(Duration schedule, Duration build, Duration delete) {
            return scheduleDelay(schedule).buildTime(build).deleteTime(delete);
        }

        public Builder quotas(Quotas v) {
            quotas = v;
            return this;
        }

        public Builder zoneStock(String zone, int stock) {
            zoneStock.put(zone, stock);
            return this;
        }

        public Builder deletedRetention(Duration v) {
            deletedRetention = v;
            return this;
        }

        public Builder tokenValidity(Duration v) {
            tokenValidity = v;
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

        public HuaweiSimSettings build() {
            List<String> z =
                    zones == null || zones.isEmpty() ? List.of(region + "a", region + "b", region + "c") : zones;
            return new HuaweiSimSettings(
                    bindAddress,
                    port,
                    accessKeys,
                    projectId,
                    region,
                    z,
                    vpcId,
                    subnets,
                    securityGroups,
                    images,
                    flavors,
                    scheduleDelay,
                    buildTime,
                    deleteTime,
                    quotas,
                    zoneStock,
                    deletedRetention,
                    tokenValidity,
                    clock,
                    tick,
                    workerThreads,
                    bootHook);
        }
    }
}
