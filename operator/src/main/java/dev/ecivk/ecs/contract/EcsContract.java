package dev.ecivk.ecs.contract;

import java.util.Map;

/**
 * Alibaba Cloud ECS facts both sides rely on, written once: the client sizes its rate limits and checks its requests
 * with them, the embedded ECS enforces them. Limits are the public cloud's (vm-apis.md §2.1, §2.3, §2.5, §2.9);
 * where the Apsara Stack guide is stricter the public value is kept and the difference noted.
 */
public final class EcsContract {
    /** The RPC API version of every ECS call. */
    public static final String API_VERSION = "2014-05-26";

    /**
     * Calls per minute per action. The seeds give no ECS API quota; these are the embedded ECS's defaults, sized to
     * a small account (an account's real quotas are in Alibaba's Quota Center). The client's limiter uses the same
     * table so that it waits instead of drawing {@code Throttling}.
     */
    public static final Map<String, Integer> QUOTAS_PER_MINUTE = Map.ofEntries(
            Map.entry("RunInstances", 300),
            Map.entry("StartInstance", 600),
            Map.entry("StopInstance", 600),
            Map.entry("DeleteInstance", 600),
            Map.entry("DescribeInstances", 3000),
            Map.entry("DescribeInstanceStatus", 3000),
            Map.entry("DescribeInstanceTypes", 300),
            Map.entry("DescribeAvailableResource", 600),
            Map.entry("DescribePrice", 600),
            Map.entry("DescribeUserData", 600),
            Map.entry("DescribeRegions", 600));

    /** Quota of an action missing from {@link #QUOTAS_PER_MINUTE}. */
    public static final int DEFAULT_QUOTA_PER_MINUTE = 600;

    /** Raw (before Base64) user data: 32 KB on the public cloud (001); Apsara Stack V3.11 allows 16 KB. */
    public static final int USER_DATA_MAX_BYTES = 32 * 1024;

    /** ClientToken: ASCII, at most 64 characters, case-sensitive. */
    public static final int CLIENT_TOKEN_MAX_LENGTH = 64;

    /** Instance ids per DescribeInstances call ({@code InstanceIds}, a JSON array). */
    public static final int MAX_IDS_PER_DESCRIBE = 100;

    /** PageSize of DescribeInstances: default 10, at most 100. */
    public static final int DESCRIBE_INSTANCES_MAX_PAGE_SIZE = 100;

    public static final int DESCRIBE_INSTANCES_DEFAULT_PAGE_SIZE = 10;

    /** PageSize of DescribeInstanceStatus: default 10, at most 50. */
    public static final int DESCRIBE_INSTANCE_STATUS_MAX_PAGE_SIZE = 50;

    /** Tags per RunInstances call and tag filters per DescribeInstances call (001: N 1–20; Apsara: 1–5). */
    public static final int MAX_TAGS = 20;

    /** Tag keys and values: at most 128 characters (Apsara: keys 64). */
    public static final int TAG_KEY_MAX_LENGTH = 128;

    public static final int TAG_VALUE_MAX_LENGTH = 128;

    /** Instances per RunInstances call. */
    public static final int MAX_AMOUNT = 100;

    /** InstanceName: 2–128 characters. */
    public static final int INSTANCE_NAME_MIN_LENGTH = 2;

    public static final int INSTANCE_NAME_MAX_LENGTH = 128;

    /** Linux HostName: 2–64 characters (001; Apsara CreateInstance: 30). */
    public static final int HOST_NAME_MAX_LENGTH = 64;

    /** SystemDisk.Size in GiB: 20–2048 (category {@code cloud}: 20–500). */
    public static final int SYSTEM_DISK_MIN_GIB = 20;

    public static final int SYSTEM_DISK_MAX_GIB = 2048;

    public static final int SYSTEM_DISK_CLOUD_MAX_GIB = 500;

    private EcsContract() {}
}
