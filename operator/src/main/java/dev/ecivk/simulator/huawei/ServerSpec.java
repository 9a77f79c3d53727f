package dev.ecivk.simulator.huawei;

import java.util.List;
import java.util.Map;

/**
 * A validated create-servers request ({@code POST /v1/{project_id}/cloudservers}, field {@code server}).
 *
 * @param userData the decoded {@code user_data} (plain text), or null
 * @param tags {@code server_tags} in request order
 * @param spotPrice the spot price limit ({@code extendparam.spotPrice}), or null; {@code spot} says whether the
 *     server is a spot one at all
 */
record ServerSpec(
        String name,
        boolean autoRename,
        String imageRef,
        SimFlavor flavor,
        String vpcId,
        String subnetId,
        String fixedIp,
        List<String> securityGroups,
        String zone,
        String rootVolumeType,
        int rootVolumeGiB,
        int count,
        String userData,
        Map<String, String> tags,
        Map<String, String> metadata,
        boolean spot,
        String spotPrice,
        String description) {

    ServerSpec {
        securityGroups = List.copyOf(securityGroups);
        tags = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tags));
        metadata = Map.copyOf(metadata);
    }
}
