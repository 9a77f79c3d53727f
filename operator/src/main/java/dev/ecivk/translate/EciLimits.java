package dev.ecivk.translate;

/** The per-group limits of CreateContainerGroup (eci-api.md §7), checked before any cloud call. */
public final class EciLimits {

    public static final int MAX_CONTAINERS = 5;
    public static final int MAX_INIT_CONTAINERS = 5;
    public static final int MAX_VOLUMES = 20;
    public static final int MAX_REGISTRY_CREDENTIALS = 10;
    public static final int MAX_TAGS = 20;
    public static final int MAX_COMMAND_ITEMS = 20;
    public static final int MAX_COMMAND_ITEM_LENGTH = 256;
    public static final int MAX_ARGS = 10;
    public static final int MAX_ENV_VARS = 100;
    public static final int MAX_ENV_NAME_LENGTH = 128;
    public static final int MAX_ENV_VALUE_LENGTH = 256;
    public static final int MAX_VOLUME_MOUNTS = 16;
    public static final int MAX_PORTS = 100;
    public static final int MAX_CONFIG_FILE_BYTES = 32 * 1024;
    /** resolv.conf limits as the kubelet applies them. */
    public static final int MAX_DNS_NAMESERVERS = 3;

    public static final int MAX_DNS_SEARCHES = 6;

    private EciLimits() {}
}
