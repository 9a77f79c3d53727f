package dev.ecivk.agent.runtime;

import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.ContainerSpec.VolumeMount;
import dev.ecivk.provider.model.VolumeSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Pod's volumes as any runtime lays them out: which kinds a VM can give a Pod (emptyDir, config files, NFS), which
 * it cannot (cloud disks and flex volumes belong to ECI), and the files a container sees through its mounts.
 * Paths come from users (ConfigMap keys, subPaths): anything that could climb out of its volume is refused.
 */
public final class PodVolumes {
    /** File mode of a config file when neither the file nor its volume sets one (0644). */
    public static final int DEFAULT_MODE = 0644;

    static final String CONFIG_ERROR = "CreateContainerConfigError";

    /** A config file's bytes and mode. */
    public record File(byte[] content, int mode) {}

    private PodVolumes() {}

    /** Refuses volumes and mounts no VM runtime can honour, with a message naming the volume. */
    public static void check(ContainerGroupSpec spec) throws RuntimeFailure {
        Map<String, VolumeSpec> byName = byName(spec);
        for (VolumeSpec v : spec.volumes()) {
            if (v.type() == VolumeSpec.Type.DISK || v.type() == VolumeSpec.Type.FLEX) {
                throw new RuntimeFailure(
                        CONFIG_ERROR,
                        "volume \"" + v.name() + "\": " + v.type().wireName()
                                + " is not supported on a VM backend; use emptyDir, ConfigMap/Secret or NFS");
            }
            if (v.type() == VolumeSpec.Type.NFS && (blank(v.nfsServer()) || blank(v.nfsPath()))) {
                throw new RuntimeFailure(CONFIG_ERROR, "volume \"" + v.name() + "\": NFS needs a server and a path");
            }
            for (VolumeSpec.ConfigFile f : v.configFiles()) {
                relative(f.path(), "volume \"" + v.name() + "\" file");
            }
        }
        List<ContainerSpec> all = new ArrayList<>(spec.initContainers());
        all.addAll(spec.containers());
        for (ContainerSpec c : all) {
            for (VolumeMount m : c.volumeMounts()) {
                if (!byName.containsKey(m.name())) {
                    throw new RuntimeFailure(
                            CONFIG_ERROR,
                            "container \"" + c.name() + "\" mounts volume \"" + m.name() + "\", which the Pod lacks");
                }
                if (blank(m.mountPath()) || !m.mountPath().startsWith("/")) {
                    throw new RuntimeFailure(
                            CONFIG_ERROR,
                            "container \"" + c.name() + "\": mount path \"" + m.mountPath() + "\" is not absolute");
                }
                if (!blank(m.subPath())) {
                    relative(m.subPath(), "container \"" + c.name() + "\" subPath");
                }
            }
        }
    }

    /** The Pod's volumes by name. */
    public static Map<String, VolumeSpec> byName(ContainerGroupSpec spec) {
        Map<String, VolumeSpec> out = new LinkedHashMap<>();
        spec.volumes().forEach(v -> out.put(v.name(), v));
        return out;
    }

    /** The config files {@code container} sees, by absolute path inside it. */
    public static Map<String, File> configFilesSeenBy(ContainerGroupSpec spec, ContainerSpec container) {
        Map<String, VolumeSpec> volumes = byName(spec);
        Map<String, File> out = new LinkedHashMap<>();
        for (VolumeMount m : container.volumeMounts()) {
            VolumeSpec v = volumes.get(m.name());
            if (v == null || v.type() != VolumeSpec.Type.CONFIG_FILE) {
                continue;
            }
            String mountPath = trimTrailingSlash(m.mountPath());
            for (VolumeSpec.ConfigFile f : v.configFiles()) {
                String path = stripSlashes(f.path());
                File file = new File(decode(f.contentBase64()), mode(v, f));
                if (blank(m.subPath())) {
                    out.put(mountPath + "/" + path, file);
                } else if (stripSlashes(m.subPath()).equals(path)) {
                    out.put(mountPath, file);
                }
            }
        }
        return out;
    }

    /** The paths where {@code container} mounts a whole config-file volume (no subPath): directories it fills. */
    public static Set<String> configDirectoriesSeenBy(ContainerGroupSpec spec, ContainerSpec container) {
        Map<String, VolumeSpec> volumes = byName(spec);
        Set<String> out = new LinkedHashSet<>();
        for (VolumeMount m : container.volumeMounts()) {
            VolumeSpec v = volumes.get(m.name());
            if (v != null && v.type() == VolumeSpec.Type.CONFIG_FILE && blank(m.subPath())) {
                out.add(trimTrailingSlash(m.mountPath()));
            }
        }
        return out;
    }

    /** A file's mode: its own, else its volume's default, else 0644. */
    public static int mode(VolumeSpec v, VolumeSpec.ConfigFile f) {
        if (f.mode() != null) {
            return f.mode();
        }
        return v.configFileDefaultMode() != null ? v.configFileDefaultMode() : DEFAULT_MODE;
    }

    public static byte[] decode(String base64) {
        if (base64 == null) {
            return new byte[0];
        }
        return Base64.getMimeDecoder().decode(base64);
    }

    /** A path inside a volume: relative, without {@code ..} or empty segments; else a config error. */
    public static String relative(String path, String what) throws RuntimeFailure {
        String p = stripSlashes(path == null ? "" : path);
        if (p.isEmpty() || path.startsWith("/")) {
            throw new RuntimeFailure(CONFIG_ERROR, what + " \"" + path + "\" must be a relative path");
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
                throw new RuntimeFailure(
                        CONFIG_ERROR, what + " \"" + path + "\" must not contain '..', '.' or empty segments");
            }
        }
        return p;
    }

    private static String stripSlashes(String p) {
        String s = p;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    private static String trimTrailingSlash(String p) {
        String s = p;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
