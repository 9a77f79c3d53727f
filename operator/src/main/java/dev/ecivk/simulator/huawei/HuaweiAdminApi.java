package dev.ecivk.simulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The unsigned admin API under {@code /_sim/} (loopback callers only):
 *
 * <pre>
 * GET  /_sim/counters                  calls and error codes per operation, servers created, duplicate creates prevented
 * GET  /_sim/servers                   every server with status, placement, tags (user data by size only)
 * GET|POST|DELETE /_sim/faults         {"phase":"REQUEST|JOB","operation","code","httpStatus","message","count",
 *                                       "latencyMs","zone","flavor"}
 * GET|POST /_sim/stock                 {"zone":…,"stock":n|null}: live servers a zone holds
 * GET|POST /_sim/quotas                {"instances","cores","ramMiB"}
 * POST /_sim/servers/{id}/stop|start|lock|unlock|vanish
 * POST /_sim/servers/{id}/error        {"code":500,"message":…}: the server fails with a fault
 * POST /_sim/reset
 * </pre>
 */
final class HuaweiAdminApi {
    private static final Pattern SERVER_ACTION = Pattern.compile("/_sim/servers/([^/]+)/([a-z]+)");

    private final HuaweiEcsSimulator simulator;

    HuaweiAdminApi(HuaweiEcsSimulator simulator) {
        this.simulator = simulator;
    }

    EcsRestApi.Answer handle(String method, String path, String body) {
        try {
            JsonNode n = EcsRestApi.JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            Matcher action = SERVER_ACTION.matcher(path);
            if (method.equals("POST") && action.matches()) {
                serverAction(action.group(1), action.group(2), n);
                return ok(Map.of());
            }
            return switch (method + " " + path) {
                case "GET /_sim/counters" -> ok(simulator.counters().snapshot());
                case "GET /_sim/servers" -> ok(Map.of("servers", simulator.dumpServers()));
                case "GET /_sim/faults" -> ok(Map.of("faults", simulator.faults()));
                case "POST /_sim/faults" -> {
                    HuaweiFault f = parseFault(n);
                    simulator.injectFault(f);
                    yield ok(Map.of("fault", f));
                }
                case "DELETE /_sim/faults" -> {
                    simulator.clearFaults();
                    yield ok(Map.of());
                }
                case "GET /_sim/stock" -> ok(simulator.stock());
                case "POST /_sim/stock" -> {
                    simulator.setStock(
                            n.path("zone").asText(),
                            n.hasNonNull("stock") ? n.get("stock").asInt() : null);
                    yield ok(simulator.stock());
                }
                case "GET /_sim/quotas" -> ok(simulator.quotas());
                case "POST /_sim/quotas" -> {
                    HuaweiSimSettings.Quotas q = simulator.quotas();
                    simulator.setQuotas(new HuaweiSimSettings.Quotas(
                            n.path("instances").asInt(q.instances()),
                            n.path("cores").asInt(q.cores()),
                            n.path("ramMiB").asLong(q.ramMiB())));
                    yield ok(simulator.quotas());
                }
                case "POST /_sim/reset" -> {
                    simulator.reset();
                    yield ok(Map.of());
                }
                default ->
                    new EcsRestApi.Answer(404, error("Common.0002", "Unknown admin endpoint " + method + " " + path));
            };
        } catch (IOException | IllegalArgumentException e) {
            return new EcsRestApi.Answer(400, error("Ecs.0005", String.valueOf(e.getMessage())));
        } catch (HuaweiApiException e) {
            return new EcsRestApi.Answer(e.status(), e.body(null));
        }
    }

    private void serverAction(String id, String action, JsonNode n) {
        switch (action) {
            case "stop" -> simulator.stopServer(id);
            case "start" -> simulator.startServer(id);
            case "lock" -> simulator.lockServer(id, true);
            case "unlock" -> simulator.lockServer(id, false);
            case "vanish" -> simulator.vanishServer(id);
            case "error" ->
                simulator.failServer(
                        id, n.path("code").asInt(500), n.path("message").asText("The host of the server failed."));
            default -> throw new IllegalArgumentException("unknown server action " + action);
        }
    }

    static HuaweiFault parseFault(JsonNode n) {
        HuaweiFault.Phase phase = HuaweiFault.Phase.valueOf(n.path("phase").asText("REQUEST"));
        String code = n.hasNonNull("code") ? n.get("code").asText() : null;
        int status = n.hasNonNull("httpStatus") && n.get("httpStatus").asInt() > 0
                ? n.get("httpStatus").asInt()
                : code == null ? 0 : HuaweiApiException.defaultStatus(code);
        return new HuaweiFault(
                phase,
                n.path("operation").asText(phase == HuaweiFault.Phase.JOB ? "CreatePostPaidServers" : "*"),
                code,
                status,
                n.hasNonNull("message") ? n.get("message").asText() : "Injected fault: " + code,
                n.path("count").asInt(1),
                n.path("latencyMs").asLong(0),
                n.hasNonNull("zone") ? n.get("zone").asText() : null,
                n.hasNonNull("flavor") ? n.get("flavor").asText() : null);
    }

    private static EcsRestApi.Answer ok(Object body) {
        return new EcsRestApi.Answer(200, body);
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", code);
        e.put("message", message);
        return Map.of("error", e);
    }
}
