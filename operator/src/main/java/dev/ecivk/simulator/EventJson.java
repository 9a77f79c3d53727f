package dev.ecivk.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group's events as DescribeContainerGroupEvents returns them (eci-api-newer.md §3.2): Kubernetes-shaped, with
 * the lowercase {@code involvedObject} key, a unique and stable {@code Metadata.Name} ({@code <group
 * name>.<16 hex>}, the key a poller deduplicates on) and {@code Source.Component} telling platform events ({@code
 * EciService}) from the kubelet's.
 */
final class EventJson {
    /** Events ECI itself raises (scheduling, restart and update of the instance); the rest come from its kubelet. */
    static final Set<String> PLATFORM_REASONS =
            Set.of("Scheduled", "Restarting", "Updating", "NoStock", "StockExhaust", "StockClose", "FailedScheduling");

    static final String PLATFORM = "EciService";
    static final String KUBELET = "kubelet";
    static final String HOST = "eci";

    private EventJson() {}

    /** One copy of an event, read under the group's lock. */
    record Snapshot(
            String type, String reason, String message, String objectName, int count, Instant first, Instant last) {
        String component() {
            return PLATFORM_REASONS.contains(reason) ? PLATFORM : KUBELET;
        }
    }

    static List<Snapshot> snapshot(SimGroup g) {
        synchronized (g) {
            List<Snapshot> out = new ArrayList<>();
            for (GroupEventLog.Event e : g.events()) {
                out.add(new Snapshot(e.type, e.reason, e.message, e.name, e.count, e.first, e.last));
            }
            return out;
        }
    }

    /** The {@code Data[]} entry of a group with the given events. */
    static Map<String, Object> group(SimGroup g, List<Snapshot> events) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ContainerGroupId", g.id);
        m.put("Name", g.name);
        m.put("Namespace", PodStatusJson.NAMESPACE);
        m.put("uuid", g.id);
        m.put("Annotations", PodStatusJson.NO_ANNOTATIONS);
        List<Object> out = new ArrayList<>();
        for (Snapshot e : events) {
            out.add(event(g, e));
        }
        m.put("Events", out);
        return m;
    }

    private static Map<String, Object> event(SimGroup g, Snapshot e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Type", e.type());
        m.put("Reason", e.reason());
        m.put("Message", e.message());
        m.put("Count", e.count());
        m.put("FirstTimestamp", GroupJson.time(e.first()));
        m.put("LastTimestamp", GroupJson.time(e.last()));
        m.put("ReportingComponent", e.component());
        m.put("ReportingInstance", HOST);
        m.put("Source", Map.of("Component", e.component(), "Host", HOST));
        Map<String, Object> involved = new LinkedHashMap<>();
        involved.put("Kind", "Pod");
        involved.put("Name", g.name);
        involved.put("Namespace", PodStatusJson.NAMESPACE);
        involved.put("Uid", g.id);
        involved.put("ApiVersion", "v1");
        m.put("involvedObject", involved);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("Name", name(g, e));
        metadata.put("Namespace", PodStatusJson.NAMESPACE);
        m.put("Metadata", metadata);
        return m;
    }

    /**
     * A Kubernetes-style event name, stable across polls: an event is identified by its group, what it says and
     * when it first happened (repeats raise {@code Count} on the same event).
     */
    static String name(SimGroup g, Snapshot e) {
        String identity = g.id + "\n" + e.type() + "\n" + e.reason() + "\n" + e.objectName() + "\n" + e.message() + "\n"
                + e.first();
        return g.name + "." + PodStatusJson.sha256(identity).substring(0, 16);
    }
}
