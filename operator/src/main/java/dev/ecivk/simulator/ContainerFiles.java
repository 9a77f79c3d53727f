package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files the embedded ECI knows inside a container: the files of its config-file volumes (ConfigMaps, Secrets,
 * projected and downward-API volumes) at their mount paths, honouring {@code SubPath}. A volume mounted as a whole
 * directory is known completely: a path under it is there or it is not. Any other path belongs to the image, which
 * the model does not see.
 */
final class ContainerFiles {
    /** Absolute file path to content. */
    private final Map<String, byte[]> files;
    /** Directories the model knows completely (whole config-file volume mounts). */
    private final Set<String> knownDirectories;

    private ContainerFiles(Map<String, byte[]> files, Set<String> knownDirectories) {
        this.files = files;
        this.knownDirectories = knownDirectories;
    }

    /**
     * Files given by absolute path (a simulated runtime's view of the Pod's config files); a directory the Pod mounted
     * as a whole is known completely.
     */
    static ContainerFiles of(Map<String, byte[]> files, Set<String> knownDirectories) {
        return new ContainerFiles(Map.copyOf(files), Set.copyOf(knownDirectories));
    }

    static ContainerFiles of(SimGroup g, SimContainer c) {
        Map<String, FlatParams.Node> volumes = new LinkedHashMap<>();
        for (FlatParams.Node v : g.spec.nodes("Volume")) {
            volumes.put(v.str("Name"), v);
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Set<String> knownDirectories = new HashSet<>();
        for (FlatParams.Node m : c.spec.nodes("VolumeMount")) {
            FlatParams.Node v = volumes.get(m.str("Name"));
            FlatParams.Node cfg = v == null ? null : v.child("ConfigFileVolume");
            if (cfg == null) {
                continue;
            }
            String mountPath = trimSlash(m.str("MountPath"));
            String subPath = m.str("SubPath");
            boolean whole = subPath == null || subPath.isEmpty();
            if (whole) {
                knownDirectories.add(mountPath);
            }
            for (FlatParams.Node f : cfg.nodes("ConfigFileToPath")) {
                String path = f.str("Path");
                byte[] content = decode(f.str("Content"));
                if (whole) {
                    files.put(mountPath + "/" + relative(path), content);
                } else if (relative(subPath).equals(relative(path))) {
                    files.put(mountPath, content);
                }
            }
        }
        return new ContainerFiles(files, Set.copyOf(knownDirectories));
    }

    /** The content of a file, or null when the model holds no such file. */
    byte[] content(String path) {
        return files.get(path);
    }

    /** Whether the model knows for sure if {@code path} exists: one of its files, or under a directory it knows. */
    boolean knows(String path) {
        if (files.containsKey(path)) {
            return true;
        }
        for (String dir : knownDirectories) {
            if (path.equals(dir) || path.startsWith(dir + "/")) {
                return true;
            }
        }
        return false;
    }

    boolean isDirectory(String path) {
        if (knownDirectories.contains(path)) {
            return true;
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        return files.keySet().stream().anyMatch(f -> f.startsWith(prefix));
    }

    /** The names directly under {@code dir} that the model holds; for a file, the file itself. */
    TreeSet<String> list(String dir) {
        TreeSet<String> names = new TreeSet<>();
        if (files.containsKey(dir)) {
            names.add(dir);
            return names;
        }
        String prefix = dir.equals("/") ? "/" : dir + "/";
        for (String file : files.keySet()) {
            if (file.startsWith(prefix)) {
                String rest = file.substring(prefix.length());
                int slash = rest.indexOf('/');
                names.add(slash < 0 ? rest : rest.substring(0, slash));
            }
        }
        if (dir.equals("/")) {
            names.addAll(List.of("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr", "var"));
        }
        return names;
    }

    private static byte[] decode(String content) {
        if (content == null) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(content);
        } catch (IllegalArgumentException e) {
            return content.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A relative path: no leading or trailing slashes. */
    private static String relative(String p) {
        String s = trimSlash(p);
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    /** A path without trailing slashes (the root stays "/"). */
    private static String trimSlash(String p) {
        String s = p == null ? "" : p;
        while (s.endsWith("/") && s.length() > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
