package dev.ecivk.simulator.huawei;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Huawei Cloud's request idempotency ({@code X-Client-Token}): a lower-case UUID (else {@code Ecs.0123}); the same
 * token with the same body answers the first answer again; with another body {@code Ecs.0122}; after the validity
 * (8 hours) {@code Ecs.0124}. Only accepted requests are remembered.
 */
final class ClientTokens {
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private record Entry(JsonNode body, Map<String, Object> answer, Instant at) {}

    private final Duration validity;
    private final Map<String, Entry> entries = new HashMap<>();

    ClientTokens(Duration validity) {
        this.validity = validity;
    }

    /** The earlier answer to this token and body, or null for a new token; throws for misuse. */
    Map<String, Object> replay(String token, JsonNode body, Instant now) {
        if (!UUID.matcher(token).matches()) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0123", "X-Client-Token must be a UUID (8-4-4-4-12 lower-case hexadecimal digits).");
        }
        Entry e = entries.get(token);
        if (e == null) {
            return null;
        }
        if (now.isAfter(e.at.plus(validity))) {
            throw HuaweiApiException.badRequest("Ecs.0124", "X-Client-Token " + token + " has expired.");
        }
        if (!e.body.equals(body)) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0122", "X-Client-Token " + token + " was used with other request parameters.");
        }
        return e.answer;
    }

    void remember(String token, JsonNode body, Map<String, Object> answer, Instant now) {
        entries.put(token, new Entry(body, answer, now));
        if (entries.size() % 1024 == 0) {
            // forget tokens long past their validity: a reuse then counts as new, as it would after a purge
            entries.values().removeIf(x -> now.isAfter(x.at.plus(validity.multipliedBy(2))));
        }
    }

    void reset() {
        entries.clear();
    }
}
