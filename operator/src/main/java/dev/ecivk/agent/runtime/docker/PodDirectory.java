package dev.ecivk.agent.runtime.docker;

import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.agent.runtime.PodVolumes;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.DnsConfig;
import dev.ecivk.provider.model.ContainerGroupSpec.HostAlias;
import dev.ecivk.provider.model.NameValue;
import dev.ecivk.provider.model.VolumeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Pod's directory on the VM, as the kubelet keeps one: {@code volumes/<name>} for emptyDir and config-file
 * volumes (config files written with their modes), {@code etc/hosts} and {@code etc/resolv.conf}, and one
 * termination-log file per container run. Containers see these through bind mounts.
 */
final class PodDirectory {
    private static final int TERMINATION_MESSAGE_MAX = 4096;

    private final Path root;

    PodDirectory(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    Path volume(String name) {
        return root.resolve("volumes").resolve(name);
    }

    Path hostsFile() {
        return root.resolve("etc").resolve("hosts");
    }

    Path resolvConf() {
        return root.resolve("etc").resolve("resolv.conf");
    }

    Path terminationLog(String container, int attempt) {
        return root.resolve("containers").resolve(container).resolve(attempt + "-termination-log");
    }

    /** Writes what the Pod's containers mount from the VM. */
    void prepare(ContainerGroupSpec spec, String podIp) throws RuntimeFailure {
        try {
            Files.createDirectories(root.resolve("volumes"));
            for (VolumeSpec v : spec.volumes()) {
                if (v.type() == VolumeSpec.Type.EMPTY_DIR && !DockerVolumes.inMemory(v)) {
                    Files.createDirectories(volume(v.name()));
                } else if (v.type() == VolumeSpec.Type.CONFIG_FILE) {
                    writeConfigFiles(v);
                }
            }
            Files.createDirectories(hostsFile().getParent());
            Files.writeString(hostsFile(), hosts(spec, podIp));
            if (hasDns(spec.dnsConfig())) {
                Files.writeString(resolvConf(), resolvConf(spec.dnsConfig()));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new RuntimeFailure(
                    "CreateContainerConfigError",
                    "cannot lay out the Pod's directory " + root + ": " + e.getMessage(),
                    e);
        }
    }

    private void writeConfigFiles(VolumeSpec v) throws IOException, RuntimeFailure {
        Path dir = volume(v.name());
        Files.createDirectories(dir);
        for (VolumeSpec.ConfigFile f : v.configFiles()) {
            Path file = dir.resolve(PodVolumes.relative(f.path(), "volume \"" + v.name() + "\" file"));
            Files.createDirectories(file.getParent());
            Files.write(file, PodVolumes.decode(f.contentBase64()));
            Files.setPosixFilePermissions(file, permissions(PodVolumes.mode(v, f)));
        }
    }

    /** Creates a run's termination-log file, writable by any user the container runs as. */
    Path createTerminationLog(String container, int attempt) throws IOException {
        Path file = terminationLog(container, attempt);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        Files.setPosixFilePermissions(file, permissions(0666));
        return file;
    }

    /** What a run wrote to its termination log, at most 4096 bytes. */
    String terminationMessage(String container, int attempt) {
        Path file = terminationLog(container, attempt);
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(TERMINATION_MESSAGE_MAX), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    void delete() {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String hosts(ContainerGroupSpec spec, String podIp) {
        StringBuilder sb = new StringBuilder("# Kubernetes-managed hosts file.\n")
                .append("127.0.0.1\tlocalhost\n")
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        String hostname = spec.hostName() != null ? spec.hostName() : spec.name();
        if (podIp != null && hostname != null) {
            sb.append(podIp).append('\t').append(hostname).append('\n');
        }
        for (HostAlias a : spec.hostAliases()) {
            sb.append(a.ip())
                    .append('\t')
                    .append(String.join("\t", a.hostnames()))
                    .append('\n');
        }
        return sb.toString();
    }

    static boolean hasDns(DnsConfig dns) {
        return dns != null
                && (!dns.nameServers().isEmpty()
                        || !dns.searches().isEmpty()
                        || !dns.options().isEmpty());
    }

    static String resolvConf(DnsConfig dns) {
        StringBuilder sb = new StringBuilder();
        dns.nameServers().forEach(ns -> sb.append("nameserver ").append(ns).append('\n'));
        if (!dns.searches().isEmpty()) {
            sb.append("search ").append(String.join(" ", dns.searches())).append('\n');
        }
        if (!dns.options().isEmpty()) {
            sb.append("options");
            for (NameValue o : dns.options()) {
                sb.append(' ').append(o.name());
                if (o.value() != null && !o.value().isEmpty()) {
                    sb.append(':').append(o.value());
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                out.add(order[bit]);
            }
        }
        return out;
    }
}
