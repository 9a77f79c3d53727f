package dev.ecivk.provider.eci;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ImageCacheRequest;
import dev.ecivk.provider.model.NameValue;
import dev.ecivk.provider.model.VolumeSpec;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parameters of ECI's mutating calls (create, update, delete, restart, exec, image caches): our request model
 * flattened into ECI's RPC parameters ({@code Container.1.Name}, {@code Tag.2.Key} ...), exactly as the
 * CreateContainerGroup reference (eci-api.md §3.2) and Alibaba's SDK name them. Pure: no I/O.
 */
public final class EciRequests {
    private EciRequests() {}

    /** The CreateContainerGroup parameters of {@code spec} (without Action, RegionId comes from the spec). */
    public static Map<String, String> createContainerGroup(ContainerGroupSpec spec) {
        Params p = new Params();
        p.put("RegionId", spec.regionId());
        p.put("ContainerGroupName", spec.name());
        p.put("ClientToken", spec.clientToken());
        p.put("ZoneId", spec.zoneId());
        p.put("SecurityGroupId", spec.securityGroupId());
        p.put("VSwitchId", spec.vSwitchId());
        p.put("RestartPolicy", spec.restartPolicy());
        p.put("Cpu", spec.cpu());
        p.put("Memory", spec.memory());
        p.put("InstanceType", spec.instanceType());
        p.put("TerminationGracePeriodSeconds", spec.terminationGracePeriodSeconds());
        p.put("ActiveDeadlineSeconds", spec.activeDeadlineSeconds());
        p.put("HostName", spec.hostName());
        p.put("DnsPolicy", spec.dnsPolicy());
        p.put("EphemeralStorage", spec.ephemeralStorage());
        p.put("SpotStrategy", spec.spotStrategy());
        p.put("SpotPriceLimit", spec.spotPriceLimit());
        p.put("ImageSnapshotId", spec.imageSnapshotId());
        p.put("AutoMatchImageCache", spec.autoMatchImageCache());
        p.put("RamRoleName", spec.ramRoleName());
        p.put("EipInstanceId", spec.eipInstanceId());
        p.put("AutoCreateEip", spec.autoCreateEip());
        p.put("EipBandwidth", spec.eipBandwidth());
        p.put("ResourceGroupId", spec.resourceGroupId());
        p.list("NtpServer", spec.ntpServers());
        tags(p, spec.tags());
        ContainerGroupSpec.DnsConfig dns = spec.dnsConfig();
        if (dns != null) {
            p.list("DnsConfig.NameServer", dns.nameServers());
            p.list("DnsConfig.Search", dns.searches());
            nameValues(p, "DnsConfig.Option", dns.options());
        }
        int n = 1;
        for (ContainerGroupSpec.HostAlias alias : spec.hostAliases()) {
            p.put("HostAliase." + n + ".Ip", alias.ip());
            p.list("HostAliase." + n + ".Hostname", alias.hostnames());
            n++;
        }
        nameValues(p, "SecurityContext.Sysctl", spec.sysctls());
        registryCredentials(p, spec.imageRegistryCredentials());
        n = 1;
        for (ContainerSpec c : spec.containers()) {
            container(p, "Container." + n++ + ".", c, false);
        }
        n = 1;
        for (ContainerSpec c : spec.initContainers()) {
            container(p, "InitContainer." + n++ + ".", c, true);
        }
        n = 1;
        for (VolumeSpec v : spec.volumes()) {
            volume(p, "Volume." + n++ + ".", v);
        }
        return p.map;
    }

    /** UpdateContainerGroup: the full replacement of the container lists (and credentials, when given). */
    public static Map<String, String> updateContainerGroup(
            String regionId,
            String containerGroupId,
            String clientToken,
            List<ContainerSpec> containers,
            List<ContainerSpec> initContainers,
            List<ContainerGroupSpec.RegistryCredential> credentials) {
        Params p = new Params();
        p.put("RegionId", regionId);
        p.put("ContainerGroupId", containerGroupId);
        p.put("ClientToken", clientToken);
        int n = 1;
        for (ContainerSpec c : containers) {
            container(p, "Container." + n++ + ".", c, false);
        }
        n = 1;
        for (ContainerSpec c : initContainers) {
            container(p, "InitContainer." + n++ + ".", c, true);
        }
        registryCredentials(p, credentials);
        return p.map;
    }

    /** DeleteContainerGroup or RestartContainerGroup of one group, idempotent on {@code clientToken} when given. */
    public static Map<String, String> byId(String regionId, String containerGroupId, String clientToken) {
        Params p = new Params();
        p.put("RegionId", regionId);
        p.put("ContainerGroupId", containerGroupId);
        p.put("ClientToken", clientToken);
        return p.map;
    }

    /** ExecContainerCommand: the command as a JSON array, TTY and stdin flags. */
    public static Map<String, String> exec(
            String regionId,
            String containerGroupId,
            String containerName,
            List<String> command,
            boolean tty,
            boolean stdin) {
        Params p = new Params();
        p.put("RegionId", regionId);
        p.put("ContainerGroupId", containerGroupId);
        p.put("ContainerName", containerName);
        p.put("Command", EciQueries.json(command));
        p.put("TTY", tty);
        p.put("Stdin", stdin);
        return p.map;
    }

    /** CreateImageCache of {@code request}. */
    public static Map<String, String> createImageCache(String regionId, ImageCacheRequest request) {
        Params p = new Params();
        p.put("RegionId", regionId);
        p.put("ImageCacheName", request.name());
        p.list("Image", request.images());
        registryCredentials(p, request.credentials());
        p.put("VSwitchId", request.vSwitchId());
        p.put("SecurityGroupId", request.securityGroupId());
        p.put("EipInstanceId", request.eipInstanceId());
        p.put("ImageCacheSize", request.size());
        p.put("RetentionDays", request.retentionDays());
        p.put("ClientToken", request.clientToken());
        tags(p, request.tags());
        return p.map;
    }

    private static void tags(Params p, Map<String, String> tags) {
        int n = 1;
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            p.put("Tag." + n + ".Key", tag.getKey());
            p.put("Tag." + n + ".Value", tag.getValue());
            n++;
        }
    }

    private static void registryCredentials(Params p, List<ContainerGroupSpec.RegistryCredential> credentials) {
        int n = 1;
        for (ContainerGroupSpec.RegistryCredential cred : credentials) {
            String prefix = "ImageRegistryCredential." + n++ + ".";
            p.put(prefix + "Server", cred.server());
            p.put(prefix + "UserName", cred.userName());
            p.put(prefix + "Password", cred.password());
        }
    }

    private static void nameValues(Params p, String prefix, List<NameValue> values) {
        int n = 1;
        for (NameValue nv : values) {
            p.put(prefix + "." + n + ".Name", nv.name());
            p.put(prefix + "." + n + ".Value", nv.value());
            n++;
        }
    }

    private static void container(Params p, String prefix, ContainerSpec c, boolean init) {
        p.put(prefix + "Name", c.name());
        p.put(prefix + "Image", c.image());
        p.put(prefix + "ImagePullPolicy", c.imagePullPolicy());
        p.list(prefix + "Command", c.commands());
        p.list(prefix + "Arg", c.args());
        p.put(prefix + "WorkingDir", c.workingDir());
        p.put(prefix + "Cpu", c.cpu());
        p.put(prefix + "Memory", c.memory());
        p.put(prefix + "Gpu", c.gpu());
        p.put(prefix + "Stdin", c.stdin());
        p.put(prefix + "StdinOnce", c.stdinOnce());
        p.put(prefix + "Tty", c.tty());
        p.put(prefix + "TerminationMessagePath", c.terminationMessagePath());
        p.put(prefix + "TerminationMessagePolicy", c.terminationMessagePolicy());
        int n = 1;
        for (ContainerSpec.EnvVar e : c.env()) {
            String ep = prefix + "EnvironmentVar." + n++ + ".";
            p.put(ep + "Key", e.key());
            if (e.fieldRefPath() != null) {
                p.put(ep + "FieldRef.FieldPath", e.fieldRefPath());
            } else {
                p.put(ep + "Value", e.value() == null ? "" : e.value());
            }
        }
        n = 1;
        for (ContainerSpec.Port port : c.ports()) {
            p.put(prefix + "Port." + n + ".Port", port.port());
            p.put(prefix + "Port." + n + ".Protocol", port.protocol());
            n++;
        }
        n = 1;
        for (ContainerSpec.VolumeMount m : c.volumeMounts()) {
            String mp = prefix + "VolumeMount." + n++ + ".";
            p.put(mp + "Name", m.name());
            p.put(mp + "MountPath", m.mountPath());
            p.put(mp + "ReadOnly", m.readOnly());
            p.put(mp + "SubPath", m.subPath());
            p.put(mp + "MountPropagation", m.mountPropagation());
        }
        ContainerSpec.SecurityContext sc = c.securityContext();
        if (sc != null) {
            p.put(prefix + "SecurityContext.RunAsUser", sc.runAsUser());
            p.put(prefix + "SecurityContext.ReadOnlyRootFilesystem", sc.readOnlyRootFilesystem());
            p.list(prefix + "SecurityContext.Capability.Add", sc.capabilitiesAdd());
        }
        if (!init) {
            probe(p, prefix + "LivenessProbe.", c.livenessProbe());
            probe(p, prefix + "ReadinessProbe.", c.readinessProbe());
            handler(p, prefix + "LifecyclePostStartHandler", c.postStart());
            handler(p, prefix + "LifecyclePreStopHandler", c.preStop());
        }
    }

    private static void probe(Params p, String prefix, ContainerSpec.Probe probe) {
        if (probe == null) {
            return;
        }
        p.list(prefix + "Exec.Command", probe.execCommands());
        if (probe.httpGet() != null) {
            p.put(prefix + "HttpGet.Path", probe.httpGet().path());
            p.put(prefix + "HttpGet.Port", probe.httpGet().port());
            p.put(prefix + "HttpGet.Scheme", probe.httpGet().scheme());
        }
        p.put(prefix + "TcpSocket.Port", probe.tcpSocketPort());
        p.put(prefix + "InitialDelaySeconds", probe.initialDelaySeconds());
        p.put(prefix + "PeriodSeconds", probe.periodSeconds());
        p.put(prefix + "TimeoutSeconds", probe.timeoutSeconds());
        p.put(prefix + "SuccessThreshold", probe.successThreshold());
        p.put(prefix + "FailureThreshold", probe.failureThreshold());
    }

    /** Lifecycle hooks use Alibaba's SDK names: {@code LifecyclePostStartHandlerExec.N}, {@code ...HttpGetPort}. */
    private static void handler(Params p, String prefix, ContainerSpec.Handler h) {
        if (h == null) {
            return;
        }
        p.list(prefix + "Exec", h.execCommands());
        if (h.httpGet() != null) {
            p.put(prefix + "HttpGetPath", h.httpGet().path());
            p.put(prefix + "HttpGetPort", h.httpGet().port());
            p.put(prefix + "HttpGetScheme", h.httpGet().scheme());
        }
        p.put(prefix + "TcpSocketPort", h.tcpSocketPort());
    }

    private static void volume(Params p, String prefix, VolumeSpec v) {
        p.put(prefix + "Name", v.name());
        p.put(prefix + "Type", v.type() == null ? null : v.type().wireName());
        if (v.type() == null) {
            return;
        }
        switch (v.type()) {
            case EMPTY_DIR -> {
                p.put(prefix + "EmptyDirVolume.Medium", v.emptyDirMedium());
                p.put(prefix + "EmptyDirVolume.SizeLimit", v.emptyDirSizeLimit());
            }
            case NFS -> {
                p.put(prefix + "NFSVolume.Server", v.nfsServer());
                p.put(prefix + "NFSVolume.Path", v.nfsPath());
                p.put(prefix + "NFSVolume.ReadOnly", v.nfsReadOnly());
            }
            case CONFIG_FILE -> {
                p.put(prefix + "ConfigFileVolume.DefaultMode", v.configFileDefaultMode());
                int n = 1;
                for (VolumeSpec.ConfigFile f : v.configFiles()) {
                    String fp = prefix + "ConfigFileVolume.ConfigFileToPath." + n++ + ".";
                    p.put(fp + "Path", f.path());
                    p.put(fp + "Content", f.contentBase64());
                    p.put(fp + "Mode", f.mode());
                }
            }
            case DISK -> {
                p.put(prefix + "DiskVolume.DiskId", v.diskId());
                p.put(prefix + "DiskVolume.DiskSize", v.diskSize());
                p.put(prefix + "DiskVolume.FsType", v.diskFsType());
            }
            case FLEX -> {
                p.put(prefix + "FlexVolume.Driver", v.flexDriver());
                p.put(prefix + "FlexVolume.FsType", v.flexFsType());
                p.put(prefix + "FlexVolume.Options", v.flexOptions());
            }
        }
    }

    /** A sorted parameter map that skips unset values. */
    private static final class Params {
        final Map<String, String> map = new TreeMap<>();

        void put(String key, Object value) {
            if (value == null) {
                return;
            }
            map.put(key, format(value));
        }

        void list(String prefix, List<String> values) {
            int n = 1;
            for (String v : values) {
                map.put(prefix + "." + n++, v);
            }
        }

        private static String format(Object value) {
            if (value instanceof Double d) {
                return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            }
            return String.valueOf(value);
        }
    }
}
