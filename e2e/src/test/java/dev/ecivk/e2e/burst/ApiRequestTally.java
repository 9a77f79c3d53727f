package dev.ecivk.e2e.burst;

import dev.ecivk.testing.ApiCall;
import dev.ecivk.testing.ApiCallRecorder;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Kubernetes API requests by verb and resource, as a reader of the apiserver's audit log would name them
 * ({@code PATCH pods/status}, {@code LIST services}, {@code WATCH pods}, {@code POST leases.coordination.k8s.io}),
 * kept apart for each phase of a run (start-up, burst, steady state, ...). Requests are classified as the
 * apiserver does ({@link ApiCallRecorder#classify}): a GET of a collection is LIST, a GET with {@code watch=true}
 * is WATCH.
 */
final class ApiRequestTally {
    private final Map<String, Map<String, LongAdder>> byPhase = new ConcurrentHashMap<>();
    private volatile String phase;

    ApiRequestTally(String firstPhase) {
        this.phase = firstPhase;
    }

    /** From now on, requests count towards {@code name}. */
    void phase(String name) {
        phase = name;
    }

    void record(String method, String pathAndQuery) {
        String key = key(ApiCallRecorder.classify(method, pathAndQuery));
        byPhase.computeIfAbsent(phase, p -> new ConcurrentHashMap<>())
                .computeIfAbsent(key, k -> new LongAdder())
                .increment();
    }

    /** The requests of one phase by verb and resource, sorted by name. */
    Map<String, Long> counts(String phaseName) {
        Map<String, Long> out = new TreeMap<>();
        byPhase.getOrDefault(phaseName, Map.of()).forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** "VERB resource[.group][/subresource]", or "VERB /path" for a non-resource request such as discovery. */
    static String key(ApiCall call) {
        String verb = switch (call.verb()) {
            case "create" -> "POST";
            case "update" -> "PUT";
            default -> call.verb().toUpperCase(Locale.ROOT);
        };
        if (!call.isResourceRequest()) {
            return verb + " " + call.nonResourcePath();
        }
        String resource = call.apiGroup().isEmpty() ? call.resource() : call.resource() + "." + call.apiGroup();
        return verb + " " + resource + (call.subresource() == null ? "" : "/" + call.subresource());
    }

    /** Whether a key names a write (anything but GET, LIST and WATCH). */
    static boolean isWrite(String key) {
        return !(key.startsWith("GET ") || key.startsWith("LIST ") || key.startsWith("WATCH "));
    }
}
