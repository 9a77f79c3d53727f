package dev.ecivk.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RPC call end to end: action from {@code x-acs-action} (V3) or {@code Action} (V1), signature check, quota,
 * injected faults, the action itself, and the JSON answer with {@code RequestId} (errors as {@code Code}/{@code
 * Message} with ECI's HTTP status).
 */
final class RpcEndpoint {
    private final Authenticator authenticator;
    private final ActionQuotas quotas;
    private final FaultInjector faults;
    private final SimCounters counters;
    private final GroupStore store;
    private final EciApi api;

    RpcEndpoint(
            Authenticator authenticator,
            ActionQuotas quotas,
            FaultInjector faults,
            SimCounters counters,
            GroupStore store,
            EciApi api) {
        this.authenticator = authenticator;
        this.quotas = quotas;
        this.faults = faults;
        this.counters = counters;
        this.store = store;
        this.api = api;
    }

    HttpFrontend.Answer handle(ApiRequest request) {
        String requestId = HttpFrontend.newRequestId();
        Map<String, String> params = request.allParams();
        String action = request.header("x-acs-action");
        if (action == null || action.isEmpty()) {
            action = params.get("Action");
        }
        if (action == null || action.isEmpty()) {
            action = "(none)";
        }
        counters.call(action);
        try {
            if (action.equals("(none)")) {
                throw EciApiException.missing("Action");
            }
            authenticator.verify(request);
            if (!quotas.tryAcquire(action, System.nanoTime())) {
                throw new EciApiException(400, "Throttling", "Request was denied due to request throttling.");
            }
            FaultInjector.Hit hit = faults.check(action, placementOf(action, params));
            if (hit != null) {
                if (hit.latencyMillis() > 0) {
                    sleep(hit.latencyMillis());
                }
                if (hit.error() != null) {
                    throw hit.error();
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.putAll(api.handle(action, request.method(), params));
            return new HttpFrontend.Answer(200, body);
        } catch (EciApiException e) {
            counters.error(action, e.code());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.put("HostId", "eci.aliyuncs.com");
            body.put("Code", e.code());
            body.put("Message", e.getMessage());
            body.put("Recommend", "");
            return new HttpFrontend.Answer(e.httpStatus(), body);
        }
    }

    /** Zone and vSwitch of a create, so zone/vSwitch faults can match. */
    private Map<String, String> placementOf(String action, Map<String, String> params) {
        if (!action.equals("CreateContainerGroup") && !action.equals("CreateImageCache")) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        String vSwitch = params.get("VSwitchId");
        if (vSwitch != null) {
            out.put("VSwitchId", vSwitch);
            try {
                out.put("ZoneId", store.placement(params));
            } catch (EciApiException e) {
                // a mismatching zone is reported by the create itself
            }
        }
        return out;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
