package dev.ecivk.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options of the VM-per-Pod backends ({@code --provider ecs|huawei-ecs}): where instances are launched and how the
 * controller's agent gateway treats the agents inside them. Region, vSwitches (subnets) and the security group are
 * the node's ({@code --eci-region}, {@code --eci-vswitch-ids}, {@code --eci-security-group-id}); cloud credentials
 * come from each cloud's own environment variables or credential chain, never from an option.
 */
public final class VmOptions {

    @Option(
            names = "--vm-endpoint",
            description = "API endpoint of the VM cloud: host[:port] or https://host of Alibaba Cloud ECS or Huawei"
                    + " Cloud ECS (credentials from the cloud's own chain), or http://host:port of an embedded cloud"
                    + " run separately (ecivk simulator --cloud ecs|huawei-ecs, signed with --sim-access-key-*)."
                    + " Default: the embedded cloud, in-process.")
    private String endpoint;

    @Option(
            names = "--vm-vpc-id",
            description =
                    "VPC of the servers (Huawei Cloud ECS needs it with the subnets; Alibaba Cloud derives it from"
                            + " the vSwitch). Default with an embedded cloud: the embedded one's.")
    private String vpcId;

    @Option(
            names = "--vm-image-id",
            defaultValue = "m-ecivk-agent",
            description = "Image every Pod's instance boots: a container runtime, Java 17, cloud-init and ecivk.jar"
                    + " (README, VM image).")
    private String imageId;

    @Option(
            names = "--vm-vswitch-zones",
            split = ",",
            description = "Zone of each vSwitch (subnet) as vswitch=zone, e.g. vsw-a=cn-hangzhou-h. Default: the"
                    + " vSwitches of --eci-vswitch-ids in zones <region>-a, -b, … (the embedded cloud's).")
    private List<String> vSwitchZones;

    @Option(
            names = "--vm-system-disk-gib",
            defaultValue = "40",
            description = "System disk of every instance in GiB (at least; a Pod's ephemeral storage may ask more).")
    private int systemDiskGiB;

    @Option(
            names = "--vm-agent-port",
            defaultValue = "10260",
            description = "Port of the agent gateway (HTTPS) that agents register and report to; 0 picks a free port.")
    private int agentPort;

    @Option(
            names = "--vm-agent-join-ttl",
            defaultValue = "30m",
            converter = DurationConverter.class,
            description = "How long an instance's one-time join credential is valid: longer than a boot takes.")
    private Duration joinTtl;

    @Option(
            names = "--vm-agent-report-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often agents report their Pod's status.")
    private Duration reportInterval;

    @Option(
            names = "--vm-agent-silence",
            defaultValue = "30s",
            converter = DurationConverter.class,
            description = "An agent silent this long makes its Pod's containers not ready (AgentSilent).")
    private Duration agentSilence;

    @Option(
            names = "--vm-agent-lost",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "An agent silent (or unregistered) this long fails its Pod (AgentLost).")
    private Duration agentLost;

    @Option(
            names = "--vm-gateway-secret",
            defaultValue = "kube-system/ecivk-agent-gateway",
            description = "namespace/name of the Secret that keeps the agent gateway's certificate and credential key"
                    + " across restarts; created when missing.")
    private String gatewaySecret;

    void validate(CommandSpec spec, ProviderKind provider) {
        Validation.port(spec, "--vm-agent-port", agentPort, true);
        Validation.positive(spec, "--vm-agent-join-ttl", joinTtl);
        Validation.positive(spec, "--vm-agent-report-interval", reportInterval);
        Validation.positive(spec, "--vm-agent-silence", agentSilence);
        Validation.positive(spec, "--vm-agent-lost", agentLost);
        if (agentSilence.compareTo(reportInterval) <= 0 || agentLost.compareTo(agentSilence) <= 0) {
            throw Validation.bad(
                    spec, "--vm-agent-silence", "must exceed --vm-agent-report-interval, and --vm-agent-lost it");
        }
        if (systemDiskGiB < 20 || systemDiskGiB > 2048) {
            throw Validation.bad(spec, "--vm-system-disk-gib", "must be between 20 and 2048");
        }
        if (!gatewaySecret.matches("[a-z0-9-]+/[a-z0-9.-]+")) {
            throw Validation.bad(spec, "--vm-gateway-secret", "'" + gatewaySecret + "' is not namespace/name");
        }
        try {
            vSwitchZones();
        } catch (IllegalArgumentException e) {
            throw Validation.bad(spec, "--vm-vswitch-zones", e.getMessage());
        }
        if (provider.isVm() && realCloud() && (vSwitchZones == null || vSwitchZones.isEmpty())) {
            throw Validation.bad(spec, "--vm-vswitch-zones", "is required with --vm-endpoint (a real cloud)");
        }
        if (provider == ProviderKind.huawei_ecs && realCloud() && (vpcId == null || vpcId.isBlank())) {
            throw Validation.bad(spec, "--vm-vpc-id", "is required with --vm-endpoint (Huawei Cloud)");
        }
    }

    public String endpoint() {
        return endpoint;
    }

    /** True when {@code --vm-endpoint} names a real cloud (not an embedded one, in-process or run separately). */
    public boolean realCloud() {
        return endpoint != null && !embeddedEndpoint(endpoint);
    }

    /** An embedded cloud run separately speaks plain HTTP; real clouds are reached over HTTPS only. */
    public static boolean embeddedEndpoint(String endpoint) {
        return endpoint.regionMatches(true, 0, "http://", 0, "http://".length());
    }

    public String vpcId() {
        return vpcId;
    }

    public String imageId() {
        return imageId;
    }

    /** The vSwitch → zone map of {@code --vm-vswitch-zones}, in order; empty when not set. */
    public Map<String, String> vSwitchZones() {
        Map<String, String> zones = new LinkedHashMap<>();
        for (String entry : vSwitchZones == null ? List.<String>of() : vSwitchZones) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("--vm-vswitch-zones: '" + entry + "' is not vswitch=zone");
            }
            zones.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return zones;
    }

    public int systemDiskGiB() {
        return systemDiskGiB;
    }

    public int agentPort() {
        return agentPort;
    }

    public Duration joinTtl() {
        return joinTtl;
    }

    public Duration reportInterval() {
        return reportInterval;
    }

    public Duration agentSilence() {
        return agentSilence;
    }

    public Duration agentLost() {
        return agentLost;
    }

    public String gatewaySecretNamespace() {
        return gatewaySecret.substring(0, gatewaySecret.indexOf('/'));
    }

    public String gatewaySecretName() {
        return gatewaySecret.substring(gatewaySecret.indexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "VmOptions[endpoint=" + endpoint + ", imageId=" + imageId + ", vpcId=" + vpcId + ", agentPort="
                + agentPort + "]";
    }
}
