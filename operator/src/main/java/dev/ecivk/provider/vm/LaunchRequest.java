package dev.ecivk.provider.vm;

import java.util.List;
import java.util.Map;

/**
 * One instance to launch for one Pod.
 *
 * @param clientToken the idempotency key (the Pod UID)
 * @param userData the plain-text user data the instance boots with (the adapter encodes it as the cloud wants); it
 *     carries the agent's bootstrap, never a cloud credential
 * @param tags ownership tags (cluster, node, namespace, name, UID)
 * @param instanceTypes the types to try, best first (the adapter may try the next one on a no-stock answer)
 */
public record LaunchRequest(
        String name,
        String hostName,
        String clientToken,
        String zoneId,
        String vSwitchId,
        String securityGroupId,
        String imageId,
        List<String> instanceTypes,
        int systemDiskGiB,
        String userData,
        Map<String, String> tags,
        String spotStrategy,
        Double spotPriceLimit) {

    public LaunchRequest {
        instanceTypes = List.copyOf(instanceTypes);
        tags = Map.copyOf(tags);
    }

    /** Without the user data: it carries the agent's one-time join credential, which no log line may show. */
    @Override
    public String toString() {
        return "LaunchRequest[name=" + name + ", clientToken=" + clientToken + ", zoneId=" + zoneId + ", vSwitchId="
                + vSwitchId + ", instanceTypes=" + instanceTypes + ", imageId=" + imageId + ", userData=<"
                + (userData == null ? 0 : userData.length()) + " chars, redacted>]";
    }
}
