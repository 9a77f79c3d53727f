package dev.ecivk.pod;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the Pod side needs to know about its node and cloud placement.
 *
 * @param clusterDns the cluster DNS Service IP, looked up lazily (null when unknown)
 */
public record PodSettings(
        String nodeName,
        String nodeIp,
        String clusterId,
        String regionId,
        List<String> vSwitchIds,
        boolean randomVSwitchOrder,
        String securityGroupId,
        String resourceGroupId,
        String clusterDomain,
        Supplier<String> clusterDns,
        Duration statusSyncInterval,
        Duration orphanGcInterval,
        Duration orphanGrace) {

    public PodSettings {
        vSwitchIds = List.copyOf(vSwitchIds);
    }
}
