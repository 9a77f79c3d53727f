package dev.ecivk.simulator;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an embedded cloud has seen: calls and error codes per action (operation), create calls per zone they asked
 * for, resources created and duplicate creates prevented (a create answered again from its idempotency token). Shared
 * by the embedded ECI and the embedded VM clouds.
 */
public final class SimCounters {
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> errors = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> createCallsByZone = new ConcurrentHashMap<>();
    private final LongAdder creates = new LongAdder();
    private final LongAdder duplicateCreatesPrevented = new LongAdder();

    public void call(String action) {
        calls.computeIfAbsent(action, k -> new LongAdder()).increment();
    }

    public void error(String action, String code) {
        errors.computeIfAbsent(action, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, k -> new LongAdder())
                .increment();
    }

    /** A create call that reached placement in {@code zone}, whatever its outcome (no stock, quota, success). */
    public void createCallIn(String zone) {
        createCallsByZone.computeIfAbsent(zone, k -> new LongAdder()).increment();
    }

    public void created() {
        creates.increment();
    }

    public void duplicateCreatePrevented() {
        duplicateCreatesPrevented.increment();
    }

    public long calls(String action) {
        LongAdder a = calls.get(action);
        return a == null ? 0 : a.sum();
    }

    public long errors(String action, String code) {
        Map<String, LongAdder> byCode = errors.get(action);
        LongAdder a = byCode == null ? null : byCode.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Create calls that asked for a vSwitch of {@code zone}, successful or not. */
    public long createCallsIn(String zone) {
        LongAdder a = createCallsByZone.get(zone);
        return a == null ? 0 : a.sum();
    }

    public long creates() {
        return creates.sum();
    }

    public long duplicateCreatesPrevented() {
        return duplicateCreatesPrevented.sum();
    }

    public void reset() {
        calls.clear();
        errors.clear();
        createCallsByZone.clear();
        creates.reset();
        duplicateCreatesPrevented.reset();
    }

    /** A JSON-ready snapshot. */
    public Map<String, Object> snapshot() {
        Map<String, Object> out = new TreeMap<>();
        Map<String, Long> c = new TreeMap<>();
        calls.forEach((k, v) -> c.put(k, v.sum()));
        Map<String, Map<String, Long>> e = new TreeMap<>();
        errors.forEach((action, byCode) -> {
            Map<String, Long> m = new TreeMap<>();
            byCode.forEach((code, v) -> m.put(code, v.sum()));
            e.put(action, m);
        });
        Map<String, Long> z = new TreeMap<>();
        createCallsByZone.forEach((k, v) -> z.put(k, v.sum()));
        out.put("calls", c);
        out.put("errors", e);
        out.put("createCallsByZone", z);
        out.put("creates", creates.sum());
        out.put("duplicateCreatesPrevented", duplicateCreatesPrevented.sum());
        return out;
    }
}
