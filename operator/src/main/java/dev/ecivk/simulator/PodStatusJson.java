package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.util.RawValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A group as DescribeContainerGroupStatus returns it (eci-api-newer.md §3.1): a Kubernetes-shaped {@code PodStatus}
 * with the wire keys exactly as ECI spells them, quirks included: lowercase {@code uuid}, condition keys {@code
 * type}/{@code status}/{@code lastTransitionTime} next to capitalised {@code Reason}/{@code Message}, {@code
 * Running.StartedAtstartedAt}, {@code Annotations} as a JSON-encoded string, and exactly one state object per
 * container. Instances carry no Pod identity of their own, so {@code Name}/{@code Namespace}/{@code uuid} are the
 * group name, {@code default} and the group id, as ECI shows instances created outside Kubernetes.
 */
final class PodStatusJson {
    static final String NAMESPACE = "default";
    static final String NO_ANNOTATIONS = "{}";

    private PodStatusJson() {}

    /** The entry as raw JSON, re-rendered only when the group changed or a readiness flipped. */
    static RawValue renderCached(SimGroup g, Instant now) {
        synchronized (g) {
            return g.renders.get("PodStatus", g.version(), g.readyMask(now), () -> render(g, now));
        }
    }

    static Map<String, Object> render(SimGroup g, Instant now) {
        synchronized (g) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ContainerGroupId", g.id);
            m.put("Name", g.name);
            m.put("Namespace", NAMESPACE);
            m.put("Status", g.status());
            m.put("uuid", g.id);
            m.put("Annotations", NO_ANNOTATIONS);
            m.put("PodStatus", podStatus(g, now));
            return m;
        }
    }

    /** Phase from ECI's status (eci-api-newer.md §3.1 notes). */
    static String phase(String status) {
        return switch (status) {
            case "Running", "Restarting", "Updating", "Terminating" -> "Running";
            case "Succeeded" -> "Succeeded";
            case "Failed", "ScheduleFailed", "Expired" -> "Failed";
            default -> "Pending";
        };
    }

    private static Map<String, Object> podStatus(SimGroup g, Instant now) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Phase", phase(g.status()));
        p.put("HostIp", g.intranetIp);
        p.put("PodIp", g.intranetIp);
        p.put("PodIps", List.of(Map.of("Ip", g.intranetIp)));
        // every ECI instance has dedicated vCPUs and memory
        p.put("QosClass", "Guaranteed");
        p.put("StartTime", GroupJson.time(g.creationTime));
        p.put("Conditions", conditions(g, now));
        Set<Integer> ports = g.declaredPorts();
        List<Object> statuses = new ArrayList<>();
        for (SimContainer c : g.containers()) {
            statuses.add(containerStatus(g, c, now, ports));
        }
        p.put("ContainerStatuses", statuses);
        return p;
    }

    private static List<Object> conditions(SimGroup g, Instant now) {
        SimGroup.Phase phase = g.phase();
        Instant sandbox = g.creationTime.plus(g.startDelay);
        boolean started = phase != SimGroup.Phase.PENDING;
        boolean anyRan = g.containers().stream().anyMatch(SimContainer::started);
        boolean initialized = phase == SimGroup.Phase.RUNNING
                || phase == SimGroup.Phase.RESTARTING
                || phase == SimGroup.Phase.UPDATING
                || (phase == SimGroup.Phase.DONE && anyRan);
        Instant initializedAt = sandbox;
        for (SimContainer c : g.initContainers()) {
            if (c.current != null && c.current.end != null && c.current.end.isAfter(initializedAt)) {
                initializedAt = c.current.end;
            }
        }
        Set<Integer> ports = g.declaredPorts();
        List<String> unready = new ArrayList<>();
        Instant readySince = sandbox;
        Instant lastUnreadyChange = initializedAt;
        for (SimContainer c : g.containers()) {
            if (c.ready(now, ports)) {
                Instant from = c.readyFrom(ports);
                if (from != null && from.isAfter(readySince)) {
                    readySince = from;
                }
            } else {
                unready.add(c.name);
                lastUnreadyChange = latest(lastUnreadyChange, c.current == null ? null : c.current.start);
                lastUnreadyChange = latest(lastUnreadyChange, c.current == null ? null : c.current.end);
            }
        }
        Instant ended = g.succeededTime() != null ? g.succeededTime() : g.failedTime();
        boolean ready = phase == SimGroup.Phase.RUNNING && unready.isEmpty();
        String notReadyReason = phase == SimGroup.Phase.DONE ? "PodCompleted" : "ContainersNotReady";
        String notReadyMessage = phase == SimGroup.Phase.DONE ? "" : "containers with unready status: " + unready;
        Instant notReadyAt = phase == SimGroup.Phase.DONE && ended != null ? ended : lastUnreadyChange;
        List<String> uninitialized = new ArrayList<>();
        for (SimContainer c : g.initContainers()) {
            if (c.current == null || c.current.end == null || c.current.exitCode == null || c.current.exitCode != 0) {
                uninitialized.add(c.name);
            }
        }
        List<Object> out = new ArrayList<>();
        out.add(condition("PodReadyToStartContainers", started, started ? sandbox : g.creationTime, "", ""));
        out.add(condition(
                "Initialized",
                initialized,
                initialized ? initializedAt : g.creationTime,
                initialized ? "" : "ContainersNotInitialized",
                initialized ? "" : "containers with incomplete status: " + uninitialized));
        out.add(condition(
                "Ready",
                ready,
                ready ? readySince : notReadyAt,
                ready ? "" : notReadyReason,
                ready ? "" : notReadyMessage));
        out.add(condition(
                "ContainersReady",
                ready,
                ready ? readySince : notReadyAt,
                ready ? "" : notReadyReason,
                ready ? "" : notReadyMessage));
        out.add(condition("ContainerInstanceCreated", started, started ? sandbox : g.creationTime, "", ""));
        out.add(condition("PodScheduled", true, g.creationTime, "", ""));
        return out;
    }

    private static Instant latest(Instant a, Instant b) {
        return b != null && b.isAfter(a) ? b : a;
    }

    private static Map<String, Object> condition(
            String type, boolean status, Instant since, String reason, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put("status", status ? "True" : "False");
        m.put("lastTransitionTime", GroupJson.time(since));
        m.put("Reason", reason);
        m.put("Message", message);
        return m;
    }

    private static Map<String, Object> containerStatus(SimGroup g, SimContainer c, Instant now, Set<Integer> ports) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", c.name);
        m.put("Image", c.image);
        m.put("ImageID", imageId(c.image));
        m.put("Ready", c.ready(now, ports));
        m.put("Started", c.running());
        m.put("RestartCount", c.restartCount);
        m.put("State", state(g, c, ShownState.current(c)));
        ShownState last = ShownState.previous(c);
        m.put("LastState", last == null ? Map.of() : state(g, c, last));
        return m;
    }

    private static Map<String, Object> state(SimGroup g, SimContainer c, ShownState s) {
        Map<String, Object> detail = new LinkedHashMap<>();
        switch (s.kind()) {
            case WAITING -> {
                detail.put("Reason", s.reason());
                detail.put("Message", s.message());
                return Map.of("Waiting", detail);
            }
            case RUNNING -> {
                // the wire key really is "StartedAtstartedAt": every official SDK maps exactly this name
                detail.put("StartedAtstartedAt", GroupJson.time(s.start()));
                return Map.of("Running", detail);
            }
            default -> {
                detail.put("ContainerID", "containerd://" + sha256(g.id + "/" + c.name + "/" + s.start()));
                detail.put("ExitCode", s.exitCode());
                detail.put("Signal", s.signal());
                detail.put("Reason", s.reason());
                detail.put("Message", s.message());
                detail.put("StartedAt", GroupJson.time(s.start()));
                detail.put("FinishedAt", GroupJson.time(s.end()));
                return Map.of("Terminated", detail);
            }
        }
    }

    /** A digest reference like a registry's, stable per image name. */
    static String imageId(String image) {
        return image + "@sha256:" + sha256(image);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
