package dev.ecivk.eci.contract;

/**
 * ECI's request limits: what CreateContainerGroup accepts (eci-api.md §7), the paging and filters of the describe
 * calls (eci-api.md §2, §3.6; eci-api-newer.md §3.1, §3.2, §4) and the log, exec and metric calls (eci-api.md §7).
 */
public final class EciLimits {
    // CreateContainerGroup / UpdateContainerGroup (eci-api.md §7)
    public static final int MAX_CONTAINERS = 5;
    public static final int MAX_INIT_CONTAINERS = 5;
    public static final int MAX_VOLUMES = 20;
    public static final int MAX_REGISTRY_CREDENTIALS = 10;
    public static final int MAX_TAGS = 20;
    public static final int MAX_TAG_KEY_LENGTH = 128;
    public static final int MAX_COMMAND_ITEMS = 20;
    public static final int MAX_COMMAND_ITEM_LENGTH = 256;
    public static final int MAX_ARGS = 10;
    public static final int MAX_ENV_VARS = 100;
    public static final int MAX_ENV_NAME_LENGTH = 128;
    public static final int MAX_ENV_VALUE_LENGTH = 256;
    public static final int MAX_VOLUME_MOUNTS = 16;
    public static final int MAX_PORTS = 100;
    public static final int MAX_PORT = 65535;
    public static final int MAX_CONFIG_FILE_BYTES = 32 * 1024;
    /** ClientToken: ASCII, at most this long (eci-api.md §2). */
    public static final int MAX_CLIENT_TOKEN_LENGTH = 64;
    /** Events a group keeps, newest last (eci-api.md §7; DescribeContainerGroupEvents' default). */
    public static final int MAX_EVENTS_PER_GROUP = 50;

    // DescribeContainerGroups (eci-api.md §2, §3.6)
    /** {@code ContainerGroupIds} of one describe call: a JSON array of at most this many ids. */
    public static final int MAX_IDS_PER_CALL = 20;
    /** {@code Limit} of DescribeContainerGroups: default and maximum. */
    public static final int MAX_DESCRIBE_PAGE = 20;

    // Image caches (eci-api.md §2, §3.8)
    /** DescribeImageCaches returns at most this many caches (it has no paging). */
    public static final int MAX_IMAGE_CACHES_PER_DESCRIBE = 20;
    /** {@code ImageCacheSize} when none is given, GiB. */
    public static final int DEFAULT_IMAGE_CACHE_GIB = 20;

    // DescribeContainerGroupStatus and DescribeContainerGroupEvents (eci-api-newer.md §3.1, §3.2, §4)
    public static final int MIN_SINCE_SECOND = 60;
    public static final int MAX_SINCE_SECOND = 3600;
    /** {@code Limit}: instances per answer, 1 to this; the prose's default is the maximum. */
    public static final int MAX_STATUS_PAGE = 200;
    /** {@code Tag.N} filters of the status and event calls. */
    public static final int MAX_FILTER_TAGS = 10;

    // DescribeContainerLog, ExecContainerCommand, DescribeContainerGroupMetric (eci-api.md §7)
    public static final int DEFAULT_LOG_TAIL = 500;
    public static final int MAX_LOG_TAIL = 2000;
    public static final int MAX_LOG_BYTES = 1024 * 1024;
    public static final int MAX_EXEC_COMMAND_ITEMS = 20;
    public static final int MAX_METRIC_POINTS = 50;

    private EciLimits() {}
}
