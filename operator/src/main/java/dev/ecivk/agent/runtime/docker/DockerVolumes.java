package dev.ecivk.agent.runtime.docker;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.agent.runtime.PodVolumes;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ContainerSpec.VolumeMount;
import dev.ecivk.provider.model.VolumeSpec;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pod's volumes in Docker's terms. emptyDir and config-file volumes are directories of the Pod on the VM,
 * bind-mounted (config files read-only, as the kubelet mounts them). A memory emptyDir and an NFS share are named
 * volumes of Docker's {@code local} driver, made once per Pod so every container shares the same tmpfs or mount:
 * the driver mounts them with the kernel's tmpfs and NFS clients, so the VM image needs nothing more for NFS.
 */
final class DockerVolumes {
    static final String DRIVER = "local";

    /** A named Docker volume to create for the Pod. */
    record NamedVolume(String name, Map<String, String> driverOptions) {}

    private DockerVolumes() {}

    static boolean inMemory(VolumeSpec v) {
        return v.type() == VolumeSpec.Type.EMPTY_DIR && "Memory".equalsIgnoreCase(v.emptyDirMedium());
    }

    static boolean named(VolumeSpec v) {
        return inMemory(v) || v.type() == VolumeSpec.Type.NFS;
    }

    static String volumeName(String podName, String volume) {
        return "ecivk_" + podName + "_" + volume;
    }

    /** The named volumes the Pod needs: its memory emptyDirs and its NFS shares. */
    static List<NamedVolume> namedVolumes(ContainerGroupSpec spec) throws RuntimeFailure {
        List<NamedVolume> out = new ArrayList<>();
        for (VolumeSpec v : spec.volumes()) {
            Map<String, String> opts = new LinkedHashMap<>();
            if (inMemory(v)) {
                opts.put("type", "tmpfs");
                opts.put("device", "tmpfs");
                Long size = bytes(v.emptyDirSizeLimit(), v.name());
                if (size != null) {
                    opts.put("o", "size=" + size);
                }
            } else if (v.type() == VolumeSpec.Type.NFS) {
                opts.put("type", "nfs");
                opts.put("o", "addr=" + v.nfsServer() + (Boolean.TRUE.equals(v.nfsReadOnly()) ? ",ro" : ",rw"));
                opts.put("device", ":" + v.nfsPath());
            } else {
                continue;
            }
            out.add(new NamedVolume(volumeName(spec.name(), v.name()), opts));
        }
        return out;
    }

    /** The mounts of one container, including the Pod's hosts and resolv.conf files and its termination log. */
    static List<Mount> mounts(ContainerGroupSpec spec, ContainerSpec c, PodDirectory dir, String terminationLog)
            throws RuntimeFailure {
        Map<String, VolumeSpec> volumes = PodVolumes.byName(spec);
        List<Mount> out = new ArrayList<>();
        for (VolumeMount m : c.volumeMounts()) {
            VolumeSpec v = volumes.get(m.name());
            boolean readOnly = Boolean.TRUE.equals(m.readOnly())
                    || v.type() == VolumeSpec.Type.CONFIG_FILE
                    || (v.type() == VolumeSpec.Type.NFS && Boolean.TRUE.equals(v.nfsReadOnly()));
            boolean hasSubPath = m.subPath() != null && !m.subPath().isBlank();
            if (named(v)) {
                if (hasSubPath) {
                    throw new RuntimeFailure(
                            "CreateContainerConfigError",
                            "container \"" + c.name() + "\": subPath on volume \"" + v.name()
                                    + "\" is not supported for memory emptyDir and NFS volumes on a VM");
                }
                out.add(new Mount()
                        .withType(MountType.VOLUME)
                        .withSource(volumeName(spec.name(), v.name()))
                        .withTarget(m.mountPath())
                        .withReadOnly(readOnly));
                continue;
            }
            String source = dir.volume(v.name()).toString();
            if (hasSubPath) {
                source = dir.volume(v.name())
                        .resolve(PodVolumes.relative(m.subPath(), "container \"" + c.name() + "\" subPath"))
                        .toString();
            }
            out.add(bind(source, m.mountPath(), readOnly));
        }
        out.add(bind(dir.hostsFile().toString(), "/etc/hosts", false));
        if (PodDirectory.hasDns(spec.dnsConfig())) {
            out.add(bind(dir.resolvConf().toString(), "/etc/resolv.conf", false));
        }
        String path =
                c.terminationMessagePath() == null || c.terminationMessagePath().isBlank()
                        ? "/dev/termination-log"
                        : c.terminationMessagePath();
        out.add(bind(terminationLog, path, false));
        return out;
    }

    private static Mount bind(String source, String target, boolean readOnly) {
        return new Mount()
                .withType(MountType.BIND)
                .withSource(source)
                .withTarget(target)
                .withReadOnly(readOnly);
    }

    /** A Kubernetes quantity ({@code 64Mi}, {@code 1G}, {@code 500000}) in bytes; null when unset. */
    static Long bytes(String quantity, String volume) throws RuntimeFailure {
        if (quantity == null || quantity.isBlank()) {
            return null;
        }
        String q = quantity.trim();
        String[][] suffixes = {
            {"Ki", "1024"},
            {"Mi", "1048576"},
            {"Gi", "1073741824"},
            {"Ti", "1099511627776"},
            {"k", "1000"},
            {"K", "1000"},
            {"M", "1000000"},
            {"G", "1000000000"},
            {"T", "1000000000000"}
        };
        BigDecimal factor = BigDecimal.ONE;
        for (String[] s : suffixes) {
            if (q.endsWith(s[0])) {
                factor = new BigDecimal(s[1]);
                q = q.substring(0, q.length() - s[0].length());
                break;
            }
        }
        try {
            return new BigDecimal(q)
                    .multiply(factor)
                    .setScale(0, RoundingMode.CEILING)
                    .longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RuntimeFailure(
                    "CreateContainerConfigError",
                    "volume \"" + volume + "\": sizeLimit \"" + quantity + "\" is not a quantity");
        }
    }
}
