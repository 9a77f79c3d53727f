package dev.ecivk.simulator.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.simulator.Fault;
import dev.ecivk.simulator.HttpFrontend;
import java.io.IOException;
import java.util.Map;

/**
 * The embedded ECS's unsigned admin API under {@code /_sim/} (loopback callers only): counters, instances, faults,
 * stock per zone or zone and type, operation locks, reset.
 */
final class EcsAdminApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EcsSimulator simulator;

    EcsAdminApi(EcsSimulator simulator) {
        this.simulator = simulator;
    }

    HttpFrontend.Answer handle(String method, String path, String body) {
        try {
            return switch (method + " " + path) {
                case "GET /_sim/counters" -> ok(simulator.counters().snapshot());
                case "GET /_sim/instances" -> ok(Map.of("Instances", simulator.instances()));
                case "GET /_sim/faults" -> ok(Map.of("faults", simulator.faults()));
                case "POST /_sim/faults" -> {
                    Fault f = Fault.fromJson(JSON.readTree(body.isBlank() ? "{}" : body));
                    simulator.injectFault(f);
                    yield ok(Map.of("fault", f));
                }
                case "DELETE /_sim/faults" -> {
                    simulator.clearFaults();
                    yield ok(Map.of());
                }
                case "GET /_sim/stock" -> ok(simulator.stock());
                case "POST /_sim/stock" -> {
                    JsonNode n = JSON.readTree(body);
                    String zone = n.path("zoneId").asText("");
                    if (zone.isEmpty()) {
                        throw new IllegalArgumentException("zoneId is required");
                    }
                    simulator.setStock(
                            zone,
                            n.hasNonNull("instanceType") ? n.get("instanceType").asText() : null,
                            n.hasNonNull("stock") ? n.get("stock").asInt() : null);
                    yield ok(simulator.stock());
                }
                case "POST /_sim/lock" -> {
                    JsonNode n = JSON.readTree(body);
                    boolean known = simulator.lock(
                            n.path("instanceId").asText(),
                            n.hasNonNull("reason") ? n.get("reason").asText() : null);
                    yield known
                            ? ok(Map.of())
                            : notFound("no instance " + n.path("instanceId").asText());
                }
                case "POST /_sim/reset" -> {
                    simulator.reset();
                    yield ok(Map.of());
                }
                default -> notFound("Unknown admin endpoint " + method + " " + path);
            };
        } catch (IOException | IllegalArgumentException e) {
            return new HttpFrontend.Answer(
                    400, Map.of("Code", "InvalidParameter", "Message", String.valueOf(e.getMessage())));
        }
    }

    private static HttpFrontend.Answer ok(Object body) {
        return new HttpFrontend.Answer(200, body);
    }

    private static HttpFrontend.Answer notFound(String message) {
        return new HttpFrontend.Answer(404, Map.of("Code", "NotFound", "Message", message));
    }
}
