package dev.ecivk.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The last rendering of one group per answer shape (Describe, Status), reused while the group's version and
 * readiness are unchanged: a poll over thousands of quiet groups then serialises nothing. Callers hold the group's
 * lock.
 */
final class RenderCache {
    private record Entry(long version, long readyMask, RawValue json) {}

    private final Map<String, Entry> byShape = new HashMap<>(4);

    /** The cached JSON of {@code shape}, or {@code render}'s result serialised and remembered. */
    RawValue get(String shape, long version, long readyMask, Supplier<Object> render) {
        Entry e = byShape.get(shape);
        if (e != null && e.version() == version && e.readyMask() == readyMask) {
            return e.json();
        }
        try {
            RawValue json = new RawValue(HttpFrontend.JSON.writeValueAsString(render.get()));
            byShape.put(shape, new Entry(version, readyMask, json));
            return json;
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
