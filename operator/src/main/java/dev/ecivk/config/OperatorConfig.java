package dev.ecivk.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Every option of {@code ecivk run}, declared once: name, type, default and description. Each is also read from
 * {@code ECIVK_<OPTION_IN_UPPER_SNAKE>} ({@link EnvDefaults}). Filled by picocli, then {@link #validate()}d; there
 * are no setters. {@link #toString()} redacts secrets. Over 400 lines on purpose: it is the one declaration of every
 * option of {@code run} with its accessor; the groups with a job of their own are mixins ({@link VmOptions},
 * {@link SimulatorOptions}).
 */
public final class OperatorConfig {
    /** The value of --node-cpu and --node-memory that derives them from the account's quota. */
    public static final String AUTO = "auto";

    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** A label value that is also usable in object names (lowercase, no underscores). */
    private static final Pattern INSTALL_NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    // --- Kubernetes and the node -------------------------------------------------------------------------------

    @Option(
            names = "--kubeconfig",
            description =
                    "Kubeconfig file. Default: $KUBECONFIG, ~/.kube/config, or the in-cluster config inside a Pod.")
    private Path kubeconfig;

    @Option(names = "--node-name", defaultValue = "ecivk-node", description = "Name of the virtual Node.")
    private String nodeName;

    @Option(
            names = "--node-ip",
            description = "InternalIP of the Node: the address the apiserver uses to reach the kubelet API. "
                    + "Default: the first non-loopback address of this host.")
    private String nodeIp;

    @Option(
            names = "--node-hostname",
            description = "A DNS name of this host that resolves from the apiserver, advertised as the Node's "
                    + "Hostname address (which the apiserver dials first). Default: none; only the InternalIP.")
    private String nodeHostname;

    @Option(names = "--node-external-ip", description = "An ExternalIP address for the Node (optional).")
    private String nodeExternalIp;

    @Option(
            names = "--install-name",
            defaultValue = "ecivk",
            description = "Identity of this install: it serves only the VirtualNodes labelled "
                    + "ecivk.dev/install=<name>. The chart sets <release>.<namespace>.")
    private String installName;

    @Option(
            names = "--virtual-node-selector",
            defaultValue = "",
            description = "Extra label selector narrowing the VirtualNodes of this install it serves (e.g. zone=a); "
                    + "empty: all of them. Used only when the VirtualNode CRD is installed.")
    private String virtualNodeSelector;

    @Option(
            names = "--kubelet-port",
            defaultValue = "10250",
            description = "Port of the kubelet API (HTTPS); 0 picks a free port.")
    private int kubeletPort;

    @Option(
            names = "--kubelet-bind-address",
            defaultValue = "0.0.0.0",
            description = "Address the kubelet API listens on.")
    private String kubeletBindAddress;

    @Option(
            names = "--metrics-port",
            defaultValue = "9090",
            description = "Port of /metrics, /healthz and /readyz (HTTP); 0 picks a free port.")
    private int metricsPort;

    @Option(
            names = "--provider",
            defaultValue = "simulator",
            converter = ProviderKind.Converter.class,
            completionCandidates = ProviderKind.Names.class,
            description = "Backend: ${COMPLETION-CANDIDATES}. 'simulator' runs the embedded ECI in-process; ecs and"
                    + " huawei-ecs run one VM per Pod (without --vm-endpoint, on the embedded cloud in-process).")
    private ProviderKind provider;

    @Option(
            names = "--cluster-id",
            defaultValue = "default",
            description = "Identifies this cluster in the tags of every container group, so several clusters can "
                    + "share one account.")
    private String clusterId;

    @Option(
            names = "--node-cpu",
            defaultValue = AUTO,
            description = "cpu capacity the Node advertises; 'auto': the account's vCPU quota (ECI ListUsage "
                    + "MaxCpu), or 10000 when the provider does not report one.")
    private String nodeCpu;

    @Option(
            names = "--node-memory",
            defaultValue = AUTO,
            description = "memory capacity the Node advertises; 'auto': 8Gi per vCPU of the cpu capacity (ECI's "
                    + "largest memory per vCPU).")
    private String nodeMemory;

    @Option(
            names = "--node-pods",
            defaultValue = "20000",
            description = "Pod capacity the Node advertises (the scheduler places no more Pods on it).")
    private String nodePods;

    @Option(
            names = "--node-gpu",
            defaultValue = "0",
            description = "nvidia.com/gpu capacity the Node advertises (0 = none).")
    private String nodeGpu;

    // --- Pods ----------------------------------------------------------------------------------------------------

    @Option(
            names = "--status-sync-interval",
            defaultValue = "1500ms",
            converter = DurationConverter.class,
            description = "How often the status of the node's container groups is refreshed: with ECI one page of "
                    + "the groups that changed (DescribeContainerGroupStatus), however many Pods run; without a "
                    + "change feed the known groups, 20 per call.")
    private Duration statusSyncInterval;

    @Option(
            names = "--status-resync-interval",
            defaultValue = "10m",
            converter = DurationConverter.class,
            description = "How often every group's status is swept (a group deleted behind our back shows then); "
                    + "with a change feed only.")
    private Duration statusResyncInterval;

    @Option(
            names = "--event-sync-interval",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often the events of the node's groups are read (one call per round for the node, "
                    + "DescribeContainerGroupEvents) and forwarded to their Pods.")
    private Duration eventSyncInterval;

    @Option(
            names = "--workers",
            defaultValue = "32",
            description = "Pods reconciled concurrently (cloud calls are rate limited separately). Status writes have"
                    + " threads of their own, half as many (at least 2), so a group's change reaches its Pod without"
                    + " waiting behind the Pods queued for their create.")
    private int workers;

    @Option(
            names = "--orphan-gc-interval",
            defaultValue = "5m",
            converter = DurationConverter.class,
            description = "How often container groups whose Pod is gone are deleted.")
    private Duration orphanGcInterval;

    @Option(
            names = "--orphan-grace",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description = "Minimum age of a container group before it may be collected as an orphan.")
    private Duration orphanGrace;

    @Option(
            names = "--cluster-dns",
            description = "Cluster DNS Service IP for dnsPolicy ClusterFirst. Default: the ClusterIP of "
                    + "kube-system/kube-dns.")
    private String clusterDns;

    @Option(names = "--cluster-domain", defaultValue = "cluster.local", description = "Cluster DNS domain.")
    private String clusterDomain;

    // --- ECI -----------------------------------------------------------------------------------------------------

    @Option(names = "--eci-region", defaultValue = "cn-hangzhou", description = "ECI region.")
    private String eciRegion;

    @Option(
            names = "--eci-endpoint",
            description = "ECI endpoint host[:port]. With --provider eci the default is eci.<region>.aliyuncs.com; "
                    + "with --provider simulator it names an embedded ECI started separately (ecivk simulator), "
                    + "otherwise one runs in-process.")
    private String eciEndpoint;

    @Option(
            names = "--eci-vswitch-ids",
            split = ",",
            defaultValue = "vsw-sim-a,vsw-sim-b",
            description = "vSwitches container groups are created in, comma-separated; the next one is tried on "
                    + "no-stock errors.")
    private List<String> eciVSwitchIds;

    @Option(
            names = "--eci-vswitch-strategy",
            defaultValue = "ordered",
            description = "Order in which vSwitches are tried: ${COMPLETION-CANDIDATES}.")
    private VSwitchStrategy eciVSwitchStrategy;

    @Option(
            names = "--eci-security-group-id",
            defaultValue = "sg-sim",
            description = "Security group of the container groups.")
    private String eciSecurityGroupId;

    @Option(names = "--eci-resource-group-id", description = "Resource group of the container groups (optional).")
    private String eciResourceGroupId;

    // --- Kubelet API -----------------------------------------------------------------------------------------------

    @Option(
            names = "--kubelet-tls-cert",
            description = "PEM serving certificate of the kubelet API. Default: a self-signed one made at start.")
    private Path kubeletTlsCert;

    @Option(names = "--kubelet-tls-key", description = "PEM private key of --kubelet-tls-cert.")
    private Path kubeletTlsKey;

    @Option(
            names = "--kubelet-client-ca",
            description = "PEM CA that signs the apiserver's kubelet client certificate; client certificates it "
                    + "signs are authenticated.")
    private Path kubeletClientCa;

    @Option(
            names = "--kubelet-anonymous-auth",
            defaultValue = "false",
            description = "Serve the kubelet API to unauthenticated callers (never in production).")
    private boolean kubeletAnonymousAuth;

    // --- Operations ------------------------------------------------------------------------------------------------

    @Option(
            names = "--leader-election",
            defaultValue = "false",
            description = "Only the replica holding the leader Lease reconciles and heartbeats.")
    private boolean leaderElection;

    @Option(
            names = "--leader-election-namespace",
            defaultValue = "kube-system",
            description = "Namespace of the leader-election Lease.")
    private String leaderElectionNamespace;

    @Option(names = "--log-format", defaultValue = "text", description = "Log format: ${COMPLETION-CANDIDATES}.")
    private LogFormat logFormat;

    @Mixin
    private SimulatorOptions simulator;

    @Mixin
    private VmOptions vm;

    @Mixin
    private CloudOptions cloud;

    /** Checks the values picocli could not; throws a ParameterException naming the option. */
    public OperatorConfig validate() {
        if (nodeName.length() > 253 || !DNS1123_SUBDOMAIN.matcher(nodeName).matches()) {
            throw Validation.bad(spec, "--node-name", "'" + nodeName + "' is not a lowercase DNS-1123 subdomain");
        }
        Validation.port(spec, "--kubelet-port", kubeletPort, true);
        Validation.port(spec, "--metrics-port", metricsPort, true);
        Validation.positive(spec, "--status-sync-interval", statusSyncInterval);
        Validation.positive(spec, "--status-resync-interval", statusResyncInterval);
        Validation.positive(spec, "--event-sync-interval", eventSyncInterval);
        Validation.positive(spec, "--orphan-gc-interval", orphanGcInterval);
        Validation.nonNegative(spec, "--orphan-grace", orphanGrace);
        if (workers < 1) {
            throw Validation.bad(spec, "--workers", "must be at least 1");
        }
        if (eciVSwitchIds.isEmpty()) {
            throw Validation.bad(spec, "--eci-vswitch-ids", "at least one vSwitch is needed");
        }
        if ((kubeletTlsCert == null) != (kubeletTlsKey == null)) {
            throw Validation.bad(spec, "--kubelet-tls-key", "--kubelet-tls-cert and --kubelet-tls-key go together");
        }
        quantity("--node-cpu", nodeCpu, true);
        quantity("--node-memory", nodeMemory, true);
        quantity("--node-pods", nodePods, false);
        quantity("--node-gpu", nodeGpu, false);
        if (installName.length() > 63 || !INSTALL_NAME.matcher(installName).matches()) {
            throw Validation.bad(
                    spec,
                    "--install-name",
                    "'" + installName + "' must be at most 63 of a-z, 0-9, '-' and '.', starting and ending "
                            + "with a letter or digit");
        }
        if (nodeIp != null && !Validation.ipLiteral(nodeIp)) {
            throw Validation.bad(spec, "--node-ip", "'" + nodeIp + "' is not an IP address");
        }
        if (nodeExternalIp != null && !Validation.ipLiteral(nodeExternalIp)) {
            throw Validation.bad(spec, "--node-external-ip", "'" + nodeExternalIp + "' is not an IP address");
        }
        if (nodeHostname != null
                && (nodeHostname.length() > 253
                        || !DNS1123_SUBDOMAIN.matcher(nodeHostname).matches())) {
            throw Validation.bad(spec, "--node-hostname", "'" + nodeHostname + "' is not a DNS name");
        }
        simulator.validate(spec);
        vm.validate(spec, provider);
        cloud.validate(spec);
        return this;
    }

    private void quantity(String option, String value, boolean autoAllowed) {
        if (autoAllowed && AUTO.equals(value)) {
            return;
        }
        if (!value.matches("[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")) {
            throw Validation.bad(
                    spec, option, "'" + value + "' is not a quantity" + (autoAllowed ? " (or 'auto')" : ""));
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String nodeName() {
        return nodeName;
    }
    /** May be null: {@code Main} then picks the first non-loopback address. */
    public String nodeIp() {
        return nodeIp;
    }

    /** May be null: no Hostname address is advertised. */
    public String nodeHostname() {
        return nodeHostname;
    }

    /** May be null. */
    public String nodeExternalIp() {
        return nodeExternalIp;
    }

    /** The identity of this install: it serves the VirtualNodes labelled {@code ecivk.dev/install=<name>}. */
    public String installName() {
        return installName;
    }

    public int kubeletPort() {
        return kubeletPort;
    }

    public String kubeletBindAddress() {
        return kubeletBindAddress;
    }

    public int metricsPort() {
        return metricsPort;
    }

    public ProviderKind provider() {
        return provider;
    }

    public String clusterId() {
        return clusterId;
    }

    public String nodeCpu() {
        return nodeCpu;
    }

    public String nodeMemory() {
        return nodeMemory;
    }

    public String nodePods() {
        return nodePods;
    }

    public String nodeGpu() {
        return nodeGpu;
    }

    public Duration statusSyncInterval() {
        return statusSyncInterval;
    }

    public Duration statusResyncInterval() {
        return statusResyncInterval;
    }

    public Duration eventSyncInterval() {
        return eventSyncInterval;
    }

    public int workers() {
        return workers;
    }

    public Duration orphanGcInterval() {
        return orphanGcInterval;
    }

    public Duration orphanGrace() {
        return orphanGrace;
    }

    public String clusterDns() {
        return clusterDns;
    }

    public String clusterDomain() {
        return clusterDomain;
    }

    public String eciRegion() {
        return eciRegion;
    }

    public String eciEndpoint() {
        return eciEndpoint;
    }

    public List<String> eciVSwitchIds() {
        return List.copyOf(eciVSwitchIds);
    }

    public VSwitchStrategy eciVSwitchStrategy() {
        return eciVSwitchStrategy;
    }

    /** Label selector of the served VirtualNodes; empty: all. */
    public String virtualNodeSelector() {
        return virtualNodeSelector;
    }

    public String eciSecurityGroupId() {
        return eciSecurityGroupId;
    }

    public String eciResourceGroupId() {
        return eciResourceGroupId;
    }

    public Path kubeletTlsCert() {
        return kubeletTlsCert;
    }

    public Path kubeletTlsKey() {
        return kubeletTlsKey;
    }

    public Path kubeletClientCa() {
        return kubeletClientCa;
    }

    public boolean kubeletAnonymousAuth() {
        return kubeletAnonymousAuth;
    }

    public boolean leaderElection() {
        return leaderElection;
    }

    public String leaderElectionNamespace() {
        return leaderElectionNamespace;
    }

    public LogFormat logFormat() {
        return logFormat;
    }

    public VmOptions vm() {
        return vm;
    }

    public SimulatorOptions simulator() {
        return simulator;
    }

    /** Stock-aware placement, capacity from the account's quota, cost per Pod. */
    public CloudOptions cloud() {
        return cloud;
    }

    @Override
    public String toString() {
        return "OperatorConfig[nodeName=" + nodeName + ", nodeIp=" + nodeIp + ", kubeletPort=" + kubeletPort
                + ", installName=" + installName + ", metricsPort=" + metricsPort + ", provider=" + provider
                + ", clusterId=" + clusterId
                + ", eciRegion=" + eciRegion + ", eciEndpoint=" + eciEndpoint + ", eciVSwitchIds=" + eciVSwitchIds
                + ", statusSyncInterval=" + statusSyncInterval + ", workers=" + workers + ", leaderElection="
                + leaderElection + ", simulator=" + simulator + ", cloud=" + cloud + "]";
    }
}
