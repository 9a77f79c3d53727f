package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The unsigned admin API under {@code /_sim/} (loopback only): counters, faults, zone stock, the account's vCPU
 * quota, a dump of every group with the request that created it, and reset.
 */
final class AdminApi {
    private final EciSimulator simulator;

    AdminApi(EciSimulator simulator) {
        this.simulator = simulator;
    }

    HttpFrontend.Answer handle(String method, String path, String body) {
        try {
            return switch (method + " " + path) {
                case "GET /_sim/counters" -> ok(simulator.counters().snapshot());
                case "GET /_sim/container-groups" -> ok(Map.of("ContainerGroups", simulator.dumpGroups()));
                case "GET /_sim/faults" -> ok(Map.of("faults", simulator.faults()));
                case "POST /_sim/faults" -> {
                    Fault f = parseFault(HttpFrontend.JSON.readTree(body.isBlank() ? "{}" : body));
                    simulator.injectFault(f);
                    yield ok(Map.of("fault", f));
                }
                case "DELETE /_sim/faults" -> {
                    simulator.clearFaults();
                    yield ok(Map.of());
                }
                case "GET /_sim/stock" -> ok(simulator.stock());
                case "POST /_sim/stock" -> {
                    JsonNode n = HttpFrontend.JSON.readTree(body);
                    String zone = n.path("zoneId").asText();
                    simulator.setStock(
                            zone, n.hasNonNull("stock") ? n.get("stock").asInt() : null);
                    yield ok(simulator.stock());
                }
                case "GET /_sim/usage" -> ok(simulator.usage());
                case "POST /_sim/usage" -> {
                    JsonNode n = HttpFrontend.JSON.readTree(body);
                    if (!n.path("maxCpu").isNumber() || !(n.get("maxCpu").asDouble() > 0)) {
                        throw new IllegalArgumentException("maxCpu must be a positive number");
                    }
                    simulator.setMaxCpu(n.get("maxCpu").asDouble());
                    yield ok(simulator.usage());
                }
                case "POST /_sim/reset" -> {
                    simulator.reset();
                    yield ok(Map.of());
                }
                default ->
                    new HttpFrontend.Answer(
                            404,
                            Map.of("Code", "NotFound", "Message", "Unknown admin endpoint " + method + " " + path));
            };
        } catch (java.io.IOException | IllegalArgumentException e) {
            return new HttpFrontend.Answer(
                    400, Map.of("Code", "InvalidParameter", "Message", String.valueOf(e.getMessage())));
        }
    }

    static Fault parseFault(JsonNode n) {
        return Fault.fromJson(n);
    }

    private static HttpFrontend.Answer ok(Object body) {
        return new HttpFrontend.Answer(200, body);
    }

    static List<Object> dump(GroupStore store, Instant now) {
        List<Object> out = new ArrayList<>();
        for (SimGroup g : store.all()) {
            g.advance(now);
            Map<String, Object> m = new LinkedHashMap<>(GroupJson.render(g, now));
            m.put("Request", g.request);
            out.add(m);
        }
        return out;
    }
}
