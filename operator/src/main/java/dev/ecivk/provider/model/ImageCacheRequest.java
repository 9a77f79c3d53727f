package dev.ecivk.provider.model;

import java.util.List;
import java.util.Map;

/**
 * CreateImageCache's parameters. Null means "the cloud's default".
 *
 * @param size GiB
 * @param retentionDays days until expiry; null: never
 */
public record ImageCacheRequest(
        String name,
        String clientToken,
        List<String> images,
        List<ContainerGroupSpec.RegistryCredential> credentials,
        String vSwitchId,
        String securityGroupId,
        String eipInstanceId,
        Integer size,
        Integer retentionDays,
        Map<String, String> tags) {

    public ImageCacheRequest {
        images = List.copyOf(images);
        credentials = credentials == null ? List.of() : List.copyOf(credentials);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
