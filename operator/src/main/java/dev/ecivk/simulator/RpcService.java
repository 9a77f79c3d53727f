package dev.ecivk.simulator;

import java.util.Map;

/**
 * The actions of one embedded Alibaba Cloud product behind an {@link RpcEndpoint}: the endpoint does the signature,
 * quota and fault handling every product shares; the service answers the action itself.
 */
public interface RpcService {

    /**
     * Answers one authenticated action.
     *
     * @param method the HTTP method (some actions accept POST only)
     * @return the response fields ({@code RequestId} is added by the endpoint)
     * @throws EciApiException the product's error answer
     */
    Map<String, Object> handle(String action, String method, Map<String, String> params);

    /** Zone and vSwitch a call places a resource in ({@code ZoneId}, {@code VSwitchId}), so faults can target them. */
    default Map<String, String> placementOf(String action, Map<String, String> params) {
        return Map.of();
    }
}
