package dev.ecivk.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RPC call end to end: action from {@code x-acs-action} (V3) or {@code Action} (V1), signature check, quota,
 * injected faults, the action itself, and the JSON answer with {@code RequestId} (errors as {@code Code}/{@code
 * Message} with the product's HTTP status). Shared by the embedded Alibaba Cloud products (ECI, ECS); each brings
 * its {@link RpcService}.
 */
public final class RpcEndpoint {
    private final Authenticator authenticator;
    private final ActionQuotas quotas;
    private final FaultInjector faults;
    private final SimCounters counters;
    private final RpcService service;
    private final String hostId;

    /**
     * @param hostId the product's host name, reported as {@code HostId} in error answers
     */
    public RpcEndpoint(
            Authenticator authenticator,
            ActionQuotas quotas,
            FaultInjector faults,
            SimCounters counters,
            RpcService service,
            String hostId) {
        this.authenticator = authenticator;
        this.quotas = quotas;
        this.faults = faults;
        this.counters = counters;
        this.service = service;
        this.hostId = hostId;
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
            FaultInjector.Hit hit = faults.check(action, service.placementOf(action, params));
            if (hit != null) {
                if (hit.latencyMillis() > 0) {
                    sleep(hit.latencyMillis());
                }
                if (hit.error() != null && !hit.answerLost()) {
                    throw hit.error();
                }
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.putAll(service.handle(action, request.method(), params));
            if (hit != null && hit.error() != null) {
                throw hit.error(); // done, but the caller hears only the fault
            }
            return new HttpFrontend.Answer(200, body);
        } catch (EciApiException e) {
            counters.error(action, e.code());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("RequestId", requestId);
            body.put("HostId", hostId);
            body.put("Code", e.code());
            body.put("Message", e.getMessage());
            body.put("Recommend", "");
            return new HttpFrontend.Answer(e.httpStatus(), body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
