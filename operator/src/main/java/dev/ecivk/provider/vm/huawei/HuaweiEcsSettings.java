package dev.ecivk.provider.vm.huawei;

import dev.ecivk.provider.vm.VmCallListener;
import java.time.Duration;

/**
 * Where and how to reach Huawei Cloud ECS.
 *
 * @param endpoint {@code https://ecs.<region>.myhuaweicloud.com}, or {@code http://127.0.0.1:PORT} for the embedded one
 * @param regionId the region (for messages and the default endpoint)
 * @param projectId the project of every call ({@code {project_id}}); null = resolved by the SDK through IAM
 * @param accessKeyId a static AK; null = the SDK's default chain (env {@code HUAWEICLOUD_SDK_AK}/{@code _SK}/{@code
 *     _PROJECT_ID}, profile, the ECS metadata service's temporary credentials)
 * @param secretAccessKey its SK (never logged, never in a message)
 * @param vpcId the VPC of the servers ({@code vpcid}); the subnet comes per launch
 * @param rootVolumeType the system disk type ({@code GPSSD}, {@code SSD}, {@code ESSD}, …)
 * @param launchWait how long a launch waits for its job to place the server before it returns (fast failures, such
 *     as no capacity for the flavor, are then seen at once and the next flavor is tried)
 * @param jobPollInterval how often a launch polls its job
 * @param listener told about every call
 */
public record HuaweiEcsSettings(
        String endpoint,
        String regionId,
        String projectId,
        String accessKeyId,
        String secretAccessKey,
        String vpcId,
        String rootVolumeType,
        Duration connectTimeout,
        Duration readTimeout,
        Duration launchWait,
        Duration jobPollInterval,
        VmCallListener listener) {

    public HuaweiEcsSettings {
        if (listener == null) {
            listener = VmCallListener.NONE;
        }
    }

    /** Huawei Cloud: HTTPS to {@code ecs.<region>.myhuaweicloud.com} (or the given endpoint), default credentials. */
    public static HuaweiEcsSettings huaweiCloud(String regionId, String endpoint, String projectId, String vpcId) {
        return new HuaweiEcsSettings(
                endpoint == null || endpoint.isBlank() ? "https://ecs." + regionId + ".myhuaweicloud.com" : endpoint,
                regionId,
                projectId,
                null,
                null,
                vpcId,
                "GPSSD",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                VmCallListener.NONE);
    }

    /** An explicit endpoint and AK/SK pair: the embedded Huawei ECS. */
    public static HuaweiEcsSettings staticKey(
            String endpoint,
            String regionId,
            String projectId,
            String accessKeyId,
            String secretAccessKey,
            String vpcId) {
        return new HuaweiEcsSettings(
                endpoint,
                regionId,
                projectId,
                accessKeyId,
                secretAccessKey,
                vpcId,
                "GPSSD",
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                VmCallListener.NONE);
    }

    public HuaweiEcsSettings withLaunchWait(Duration wait, Duration pollInterval) {
        return new HuaweiEcsSettings(
                endpoint,
                regionId,
                projectId,
                accessKeyId,
                secretAccessKey,
                vpcId,
                rootVolumeType,
                connectTimeout,
                readTimeout,
                wait,
                pollInterval,
                listener);
    }

    public HuaweiEcsSettings withRootVolumeType(String type) {
        return new HuaweiEcsSettings(
                endpoint,
                regionId,
                projectId,
                accessKeyId,
                secretAccessKey,
                vpcId,
                type,
                connectTimeout,
                readTimeout,
                launchWait,
                jobPollInterval,
                listener);
    }

    public HuaweiEcsSettings withListener(VmCallListener v) {
        return new HuaweiEcsSettings(
                endpoint,
                regionId,
                projectId,
                accessKeyId,
                secretAccessKey,
                vpcId,
                rootVolumeType,
                connectTimeout,
                readTimeout,
                launchWait,
                jobPollInterval,
                v);
    }

    @Override
    public String toString() {
        return "HuaweiEcsSettings[endpoint=" + endpoint + ", regionId=" + regionId + ", projectId=" + projectId
                + ", accessKeyId=" + (accessKeyId == null ? "(default chain)" : accessKeyId) + ", vpcId=" + vpcId
                + ", rootVolumeType=" + rootVolumeType + ", launchWait=" + launchWait + "]";
    }
}
