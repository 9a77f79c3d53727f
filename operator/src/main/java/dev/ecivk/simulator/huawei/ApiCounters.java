package dev.ecivk.simulator.huawei;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the embedded Huawei ECS has seen: calls and error codes per operation, creates and replayed creates. */
public final class ApiCounters {
    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> errors = new ConcurrentHashMap<>();
    private final LongAdder serversCreated = new LongAdder();
    private final LongAdder replayedCreates = new LongAdder();

    void call(String operation) {
        calls.computeIfAbsent(operation, k -> new LongAdder()).increment();
    }

    void error(String operation, String code) {
        errors.computeIfAbsent(operation, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(code, k -> new LongAdder())
                .increment();
    }

    void serversCreated(int n) {
        serversCreated.add(n);
    }

    void replayedCreate() {
        replayedCreates.increment();
    }

    public long calls(String operation) {
        LongAdder a = calls.get(operation);
        return a == null ? 0 : a.sum();
    }

    public long errors(String operation, String code) {
        Map<String, LongAdder> byCode = errors.get(operation);
        LongAdder a = byCode == null ? null : byCode.get(code);
        return a == null ? 0 : a.sum();
    }

    /** Servers accepted by create jobs (a replayed create counts none). */
    public long serversCreated() {
        return serversCreated.sum();
    }

    /** Creates answered from an earlier request with the same {@code X-Client-Token}. */
    public long replayedCreates() {
        return replayedCreates.sum();
    }

    void reset() {
        calls.clear();
        errors.clear();
        serversCreated.reset();
        replayedCreates.reset();
    }

    Map<String, Object> snapshot() {
        Map<String, Long> c = new TreeMap<>();
        calls.forEach((k, v) -> c.put(k, v.sum()));
        Map<String, Map<String, Long>> e = new TreeMap<>();
        errors.forEach((op, byCode) -> {
            Map<String, Long> m = new TreeMap<>();
            byCode.forEach((code, v) -> m.put(code, v.sum()));
            e.put(op, m);
        });
        Map<String, Object> out = new TreeMap<>();
        out.put("calls", c);
        out.put("errors", e);
        out.put("serversCreated", serversCreated.sum());
        out.put("replayedCreates", replayedCreates.sum());
        return out;
    }
}
