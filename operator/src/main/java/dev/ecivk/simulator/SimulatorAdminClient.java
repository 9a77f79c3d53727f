package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client of the embedded ECI's admin API ({@code /_sim/}) for tests and tools that run the simulator in another
 * process (e.g. {@code ecivk simulator}). In-process callers can use {@link EciSimulator} directly.
 */
public final class SimulatorAdminClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    /** @param endpoint host:port of the simulator */
    public SimulatorAdminClient(String endpoint) {
        this.base = URI.create("http://" + endpoint + "/_sim/");
    }

    /** {@code {"calls":{action:n}, "errors":{action:{code:n}}, "creates":n, "duplicateCreatesPrevented":n}}. */
    public JsonNode counters() throws IOException, InterruptedException {
        return send("GET", "counters", null);
    }

    /** Every group as Describe shows it, plus the {@code Request} that created it. */
    public JsonNode containerGroups() throws IOException, InterruptedException {
        return send("GET", "container-groups", null).path("ContainerGroups");
    }

    public JsonNode injectFault(Fault fault) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", fault.action());
        body.put("code", fault.code());
        body.put("httpStatus", fault.httpStatus());
        body.put("message", fault.message());
        body.put("count", fault.count());
        body.put("rate", fault.rate());
        body.put("latencyMs", fault.latencyMillis());
        body.put("zoneId", fault.zoneId());
        body.put("vSwitchId", fault.vSwitchId());
        return send("POST", "faults", JSON.writeValueAsString(body));
    }

    public void clearFaults() throws IOException, InterruptedException {
        send("DELETE", "faults", null);
    }

    /** Sets a zone's stock; null = unlimited. */
    public JsonNode setStock(String zoneId, Integer stock) throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("zoneId", zoneId);
        body.put("stock", stock);
        return send("POST", "stock", JSON.writeValueAsString(body));
    }

    /** ListUsage's attributes as the embedded ECI answers them now. */
    public JsonNode usage() throws IOException, InterruptedException {
        return send("GET", "usage", null);
    }

    /** Sets the account's vCPU quota (ListUsage {@code MaxCpu}); answers ListUsage's attributes. */
    public JsonNode setMaxCpu(double maxCpu) throws IOException, InterruptedException {
        return send("POST", "usage", JSON.writeValueAsString(Map.of("maxCpu", maxCpu)));
    }

    public void reset() throws IOException, InterruptedException {
        send("POST", "reset", "");
    }

    private JsonNode send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> res = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException(
                    "admin API " + method + " /_sim/" + path + " answered " + res.statusCode() + ": " + res.body());
        }
        return JSON.readTree(res.body());
    }
}
