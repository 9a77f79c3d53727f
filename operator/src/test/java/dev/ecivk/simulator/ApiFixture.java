package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The embedded ECI's actions without HTTP: a store and the API on a clock the test moves, answers read back as
 * JSON exactly as the HTTP front end would serialise them. The engine advances only when the test ticks.
 */
final class ApiFixture {
    static final String REGION = "cn-hangzhou";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    final MutableClock clock = new MutableClock(T0);
    final SimulatorSettings settings;
    final GroupStore store;
    final EciApi api;

    ApiFixture() {
        this(b -> b);
    }

    ApiFixture(UnaryOperator<SimulatorSettings.Builder> custom) {
        settings = custom.apply(SimulatorSettings.builder()
                        .region(REGION)
                        .clock(clock)
                        .startDelay(Duration.ofSeconds(2))
                        .restartBackoff(Duration.ofSeconds(10)))
                .build();
        store = new GroupStore(settings);
        api = new EciApi(settings, store, new SimCounters(), new ExecSessions(clock));
    }

    /** Moves the clock and lets the engine catch up, as the simulator's ticker does. */
    void advance(Duration d) {
        clock.advance(d);
        store.tick(clock.instant());
    }

    JsonNode post(String action, Map<String, String> params) {
        return call(action, "POST", params);
    }

    JsonNode call(String action, String method, Map<String, String> params) {
        Map<String, String> all = new LinkedHashMap<>(params);
        all.putIfAbsent("RegionId", REGION);
        try {
            return HttpFrontend.JSON.readTree(HttpFrontend.JSON.writeValueAsString(api.handle(action, method, all)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ECI error code {@code action} answers, or a failure when it succeeds. */
    String error(String action, Map<String, String> params) {
        return error(action, "POST", params);
    }

    String error(String action, String method, Map<String, String> params) {
        try {
            call(action, method, params);
        } catch (EciApiException e) {
            return e.code();
        }
        throw new AssertionError(action + " succeeded");
    }

    /** Creates a group in vsw-sim-a whose single container runs {@code argv}; returns its id. */
    String create(String name, String... argv) {
        return create(name, Map.of(), argv);
    }

    String create(String name, Map<String, String> extra, String... argv) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("ContainerGroupName", name);
        p.put("SecurityGroupId", "sg-1");
        p.put("VSwitchId", "vsw-sim-a");
        p.put("RestartPolicy", "Never");
        p.put("Container.1.Name", "main");
        p.put("Container.1.Image", "registry.example.com/app:1");
        for (int i = 0; i < argv.length; i++) {
            p.put("Container.1.Command." + (i + 1), argv[i]);
        }
        p.putAll(extra);
        return post("CreateContainerGroup", p).path("ContainerGroupId").asText();
    }
}
