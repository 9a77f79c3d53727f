package dev.ecivk.provider.model;

import java.util.List;

/** One volume of a group: a mirror of ECI's {@code Volume.N.*}; only the block of {@link #type()} is set. */
public record VolumeSpec(
        String name,
        Type type,
        String emptyDirMedium,
        String emptyDirSizeLimit,
        String nfsServer,
        String nfsPath,
        Boolean nfsReadOnly,
        Integer configFileDefaultMode,
        List<ConfigFile> configFiles,
        String diskId,
        Integer diskSize,
        String diskFsType,
        String flexDriver,
        String flexFsType,
        String flexOptions) {

    public VolumeSpec {
        configFiles = configFiles == null ? List.of() : List.copyOf(configFiles);
    }

    public enum Type {
        EMPTY_DIR("EmptyDirVolume"),
        NFS("NFSVolume"),
        CONFIG_FILE("ConfigFileVolume"),
        DISK("DiskVolume"),
        FLEX("FlexVolume");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The value of {@code Volume.N.Type}. */
        public String wireName() {
            return wireName;
        }
    }

    public static VolumeSpec emptyDir(String name, String medium, String sizeLimit) {
        return new VolumeSpec(
                name,
                Type.EMPTY_DIR,
                medium,
                sizeLimit,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static VolumeSpec nfs(String name, String server, String path, Boolean readOnly) {
        return new VolumeSpec(
                name, Type.NFS, null, null, server, path, readOnly, null, null, null, null, null, null, null, null);
    }

    public static VolumeSpec configFile(String name, Integer defaultMode, List<ConfigFile> files) {
        return new VolumeSpec(
                name,
                Type.CONFIG_FILE,
                null,
                null,
                null,
                null,
                null,
                defaultMode,
                files,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    public static VolumeSpec disk(String name, String diskId, Integer diskSize, String fsType) {
        return new VolumeSpec(
                name, Type.DISK, null, null, null, null, null, null, null, diskId, diskSize, fsType, null, null, null);
    }

    public static VolumeSpec flex(String name, String driver, String fsType, String options) {
        return new VolumeSpec(
                name, Type.FLEX, null, null, null, null, null, null, null, null, null, null, driver, fsType, options);
    }

    /**
     * A file of a config-file volume. {@code contentBase64} is the Base64 of the bytes; {@link #toString()} never
     * shows it because it may hold a Secret.
     */
    public record ConfigFile(String path, String contentBase64, Integer mode) {
        @Override
        public String toString() {
            return "ConfigFile[path=" + path + ", mode=" + mode + ", content=<"
                    + (contentBase64 == null ? 0 : contentBase64.length()) + " base64 chars>]";
        }
    }
}
