package dev.ecivk.e2e.burst;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.simulator.SimulatorAdminClient;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The embedded ECI's own counters (its admin API, {@code GET /_sim/counters}): calls it answered by action, error
 * answers by code, creates and duplicate creates it prevented. Reading them makes no ECI API call.
 */
final class EciCounters {
    /** One reading. */
    record Reading(Map<String, Long> calls, long throttled, long creates, long duplicatesPrevented) {
        /** Calls by action since {@code before}. */
        Map<String, Long> callsSince(Reading before) {
            Map<String, Long> out = new TreeMap<>();
            calls.forEach((action, n) -> {
                long delta = n - before.calls.getOrDefault(action, 0L);
                if (delta != 0) {
                    out.put(action, delta);
                }
            });
            return out;
        }
    }

    private final SimulatorAdminClient admin;

    EciCounters(EciAccess eci) {
        this.admin = eci.admin();
    }

    Reading read() throws IOException, InterruptedException {
        JsonNode counters = admin.counters();
        Map<String, Long> calls = new TreeMap<>();
        counters.path("calls")
                .fields()
                .forEachRemaining(e -> calls.put(e.getKey(), e.getValue().asLong()));
        long throttled = 0;
        for (JsonNode byCode : counters.path("errors")) {
            for (var it = byCode.fields(); it.hasNext(); ) {
                var e = it.next();
                if (e.getKey().startsWith("Throttling")) {
                    throttled += e.getValue().asLong();
                }
            }
        }
        return new Reading(
                calls,
                throttled,
                counters.path("creates").asLong(),
                counters.path("duplicateCreatesPrevented").asLong());
    }
}
