package dev.ecivk.provider.model;

import java.util.List;
import java.util.Map;

/**
 * What to create: a mirror of ECI's CreateContainerGroup parameters. Null means "not set" (the cloud's default).
 * Memory is in GiB, cpu in cores.
 */
public record ContainerGroupSpec(
        String name,
        String clientToken,
        String regionId,
        String zoneId,
        String securityGroupId,
        String vSwitchId,
        String restartPolicy,
        Double cpu,
        Double memory,
        String instanceType,
        Long terminationGracePeriodSeconds,
        Long activeDeadlineSeconds,
        String hostName,
        String dnsPolicy,
        DnsConfig dnsConfig,
        List<HostAlias> hostAliases,
        List<NameValue> sysctls,
        List<RegistryCredential> imageRegistryCredentials,
        List<ContainerSpec> containers,
        List<ContainerSpec> initContainers,
        List<VolumeSpec> volumes,
        Map<String, String> tags,
        Integer ephemeralStorage,
        String spotStrategy,
        Double spotPriceLimit,
        String imageSnapshotId,
        Boolean autoMatchImageCache,
        String ramRoleName,
        String eipInstanceId,
        Boolean autoCreateEip,
        Integer eipBandwidth,
        String resourceGroupId,
        List<String> ntpServers) {

    public ContainerGroupSpec {
        hostAliases = hostAliases == null ? List.of() : List.copyOf(hostAliases);
        sysctls = sysctls == null ? List.of() : List.copyOf(sysctls);
        imageRegistryCredentials = imageRegistryCredentials == null ? List.of() : List.copyOf(imageRegistryCredentials);
        containers = containers == null ? List.of() : List.copyOf(containers);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        volumes = volumes == null ? List.of() : List.copyOf(volumes);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        ntpServers = ntpServers == null ? List.of() : List.copyOf(ntpServers);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** DNS settings (resolv.conf). */
    public record DnsConfig(List<String> nameServers, List<String> searches, List<NameValue> options) {
        public DnsConfig {
            nameServers = nameServers == null ? List.of() : List.copyOf(nameServers);
            searches = searches == null ? List.of() : List.copyOf(searches);
            options = options == null ? List.of() : List.copyOf(options);
        }
    }

    /** An /etc/hosts entry. */
    public record HostAlias(String ip, List<String> hostnames) {
        public HostAlias {
            hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
        }
    }

    /** A registry login. The password never appears in {@link #toString()}. */
    public record RegistryCredential(String server, String userName, String password) {
        @Override
        public String toString() {
            return "RegistryCredential[server=" + server + ", userName=" + userName + ", password=<redacted>]";
        }
    }

    /** Mutable builder, so translators can fill the spec step by step. */
    public static final class Builder {
        private String name;
        private String clientToken;
        private String regionId;
        private String zoneId;
        private String securityGroupId;
        private String vSwitchId;
        private String restartPolicy;
        private Double cpu;
        private Double memory;
        private String instanceType;
        private Long terminationGracePeriodSeconds;
        private Long activeDeadlineSeconds;
        private String hostName;
        private String dnsPolicy;
        private DnsConfig dnsConfig;
        private List<HostAlias> hostAliases;
        private List<NameValue> sysctls;
        private List<RegistryCredential> imageRegistryCredentials;
        private List<ContainerSpec> containers;
        private List<ContainerSpec> initContainers;
        private List<VolumeSpec> volumes;
        private Map<String, String> tags;
        private Integer ephemeralStorage;
        private String spotStrategy;
        private Double spotPriceLimit;
        private String imageSnapshotId;
        private Boolean autoMatchImageCache;
        private String ramRoleName;
        private String eipInstanceId;
        private Boolean autoCreateEip;
        private Integer eipBandwidth;
        private String resourceGroupId;
        private List<String> ntpServers;

        private Builder() {}

        private Builder(ContainerGroupSpec s) {
            name = s.name;
            clientToken = s.clientToken;
            regionId = s.regionId;
            zoneId = s.zoneId;
            securityGroupId = s.securityGroupId;
            vSwitchId = s.vSwitchId;
            restartPolicy = s.restartPolicy;
            cpu = s.cpu;
            memory = s.memory;
            instanceType = s.instanceType;
            terminationGracePeriodSeconds = s.terminationGracePeriodSeconds;
            activeDeadlineSeconds = s.activeDeadlineSeconds;
            hostName = s.hostName;
            dnsPolicy = s.dnsPolicy;
            dnsConfig = s.dnsConfig;
            hostAliases = s.hostAliases;
            sysctls = s.sysctls;
            imageRegistryCredentials = s.imageRegistryCredentials;
            containers = s.containers;
            initContainers = s.initContainers;
            volumes = s.volumes;
            tags = s.tags;
            ephemeralStorage = s.ephemeralStorage;
            spotStrategy = s.spotStrategy;
            spotPriceLimit = s.spotPriceLimit;
            imageSnapshotId = s.imageSnapshotId;
            autoMatchImageCache = s.autoMatchImageCache;
            ramRoleName = s.ramRoleName;
            eipInstanceId = s.eipInstanceId;
            autoCreateEip = s.autoCreateEip;
            eipBandwidth = s.eipBandwidth;
            resourceGroupId = s.resourceGroupId;
            ntpServers = s.ntpServers;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder clientToken(String v) {
            clientToken = v;
            return this;
        }

        public Builder regionId(String v) {
            regionId = v;
            return this;
        }

        public Builder zoneId(String v) {
            zoneId = v;
            return this;
        }

        public Builder securityGroupId(String v) {
            securityGroupId = v;
            return this;
        }

        public Builder vSwitchId(String v) {
            vSwitchId = v;
            return this;
        }

        public Builder restartPolicy(String v) {
            restartPolicy = v;
            return this;
        }

        public Builder cpu(Double v) {
            cpu = v;
            return this;
        }

        public Builder memory(Double v) {
            memory = v;
            return this;
        }

        public Builder instanceType(String v) {
            instanceType = v;
            return this;
        }

        public Builder terminationGracePeriodSeconds(Long v) {
            terminationGracePeriodSeconds = v;
            return this;
        }

        public Builder activeDeadlineSeconds(Long v) {
            activeDeadlineSeconds = v;
            return this;
        }

        public Builder hostName(String v) {
            hostName = v;
            return this;
        }

        public Builder dnsPolicy(String v) {
            dnsPolicy = v;
            return this;
        }

        public Builder dnsConfig(DnsConfig v) {
            dnsConfig = v;
            return this;
        }

        public Builder hostAliases(List<HostAlias> v) {
            hostAliases = v;
            return this;
        }

        public Builder sysctls(List<NameValue> v) {
            sysctls = v;
            return this;
        }

        public Builder imageRegistryCredentials(List<RegistryCredential> v) {
            imageRegistryCredentials = v;
            return this;
        }

        public Builder containers(List<ContainerSpec> v) {
            containers = v;
            return this;
        }

        public Builder initContainers(List<ContainerSpec> v) {
            initContainers = v;
            return this;
        }

        public Builder volumes(List<VolumeSpec> v) {
            volumes = v;
            return this;
        }

        public Builder tags(Map<String, String> v) {
            tags = v;
            return this;
        }

        public Builder ephemeralStorage(Integer v) {
            ephemeralStorage = v;
            return this;
        }

        public Builder spotStrategy(String v) {
            spotStrategy = v;
            return this;
        }

        public Builder spotPriceLimit(Double v) {
            spotPriceLimit = v;
            return this;
        }

        public Builder imageSnapshotId(String v) {
            imageSnapshotId = v;
            return this;
        }

        public Builder autoMatchImageCache(Boolean v) {
            autoMatchImageCache = v;
            return this;
        }

        public Builder ramRoleName(String v) {
            ramRoleName = v;
            return this;
        }

        public Builder eipInstanceId(String v) {
            eipInstanceId = v;
            return this;
        }

        public Builder autoCreateEip(Boolean v) {
            autoCreateEip = v;
            return this;
        }

        public Builder eipBandwidth(Integer v) {
            eipBandwidth = v;
            return this;
        }

        public Builder resourceGroupId(String v) {
            resourceGroupId = v;
            return this;
        }

        public Builder ntpServers(List<String> v) {
            ntpServers = v;
            return this;
        }

        public ContainerGroupSpec build() {
            return new ContainerGroupSpec(
                    name,
                    clientToken,
                    regionId,
                    zoneId,
                    securityGroupId,
                    vSwitchId,
                    restartPolicy,
                    cpu,
                    memory,
                    instanceType,
                    terminationGracePeriodSeconds,
                    activeDeadlineSeconds,
                    hostName,
                    dnsPolicy,
                    dnsConfig,
                    hostAliases,
                    sysctls,
                    imageRegistryCredentials,
                    containers,
                    initContainers,
                    volumes,
                    tags,
                    ephemeralStorage,
                    spotStrategy,
                    spotPriceLimit,
                    imageSnapshotId,
                    autoMatchImageCache,
                    ramRoleName,
                    eipInstanceId,
                    autoCreateEip,
                    eipBandwidth,
                    resourceGroupId,
                    ntpServers);
        }
    }
}
