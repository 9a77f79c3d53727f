package dev.ecivk.provider.eci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.CloudVirtualNode;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ImageCacheState;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * ECI's JSON answers read into our model, leniently: numbers and booleans may come as strings, times may carry
 * trailing whitespace (a documented tab after FinishTime), missing fields stay null. Pure: no I/O.
 */
public final class EciResponses {
    private EciResponses() {}

    /** The {@code ContainerGroups} array of a DescribeContainerGroups answer. */
    public static List<ContainerGroupState> containerGroups(JsonNode body) {
        List<ContainerGroupState> out = new ArrayList<>();
        for (JsonNode g : array(body.path("ContainerGroups"))) {
            out.add(containerGroup(g));
        }
        return out;
    }

    public static ContainerGroupState containerGroup(JsonNode g) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (JsonNode t : array(g.path("Tags"))) {
            String key = text(t.path("Key"));
            if (key != null) {
                tags.put(key, text(t.path("Value")) == null ? "" : text(t.path("Value")));
            }
        }
        List<ContainerGroupState.ContainerStatus> containers = new ArrayList<>();
        for (JsonNode c : array(g.path("Containers"))) {
            containers.add(container(c));
        }
        List<ContainerGroupState.ContainerStatus> inits = new ArrayList<>();
        for (JsonNode c : array(g.path("InitContainers"))) {
            inits.add(container(c));
        }
        List<ContainerGroupState.GroupEvent> events = new ArrayList<>();
        for (JsonNode e : array(g.path("Events"))) {
            events.add(new ContainerGroupState.GroupEvent(
                    text(e.path("Type")),
                    text(e.path("Reason")),
                    text(e.path("Message")),
                    text(e.path("Name")),
                    integer(e.path("Count")),
                    time(e.path("FirstTimestamp")),
                    time(e.path("LastTimestamp"))));
        }
        String ip = text(g.path("IntranetIp"));
        if (ip == null) {
            ip = text(g.path("IntranetIP"));
        }
        return new ContainerGroupState(
                text(g.path("ContainerGroupId")),
                text(g.path("ContainerGroupName")),
                text(g.path("Status")),
                text(g.path("RegionId")),
                text(g.path("ZoneId")),
                text(g.path("VSwitchId")),
                ip,
                text(g.path("Ipv6Address")),
                text(g.path("InternetIp")),
                time(g.path("CreationTime")),
                time(g.path("SucceededTime")),
                time(g.path("FailedTime")),
                time(g.path("ExpiredTime")),
                text(g.path("RestartPolicy")),
                number(g.path("Cpu")),
                number(g.path("Memory")),
                text(g.path("InstanceType")),
                tags,
                containers,
                inits,
                events,
                text(g.path("SpotStrategy")));
    }

    private static ContainerGroupState.ContainerStatus container(JsonNode c) {
        return new ContainerGroupState.ContainerStatus(
                text(c.path("Name")),
                text(c.path("Image")),
                bool(c.path("Ready")),
                integer(c.path("RestartCount")),
                state(c.path("CurrentState")),
                state(c.path("PreviousState")));
    }

    private static ContainerGroupState.ContainerState state(JsonNode s) {
        String state = text(s.path("State"));
        if (state == null) {
            return null;
        }
        return new ContainerGroupState.ContainerState(
                state,
                text(s.path("DetailStatus")),
                text(s.path("Reason")),
                text(s.path("Message")),
                integer(s.path("ExitCode")),
                integer(s.path("Signal")),
                time(s.path("StartTime")),
                time(s.path("FinishTime")));
    }

    /** The {@code MonitorDatas} of a DescribeMultiContainerGroupMetric answer: the latest record of each group. */
    public static List<GroupMetrics> metrics(JsonNode body) {
        List<GroupMetrics> out = new ArrayList<>();
        for (JsonNode d : array(body.path("MonitorDatas"))) {
            List<JsonNode> records = array(d.path("Records"));
            if (records.isEmpty()) {
                out.add(new GroupMetrics(text(d.path("ContainerGroupId")), null, null, null, List.of()));
                continue;
            }
            JsonNode r = records.get(records.size() - 1);
            List<GroupMetrics.ContainerMetrics> containers = new ArrayList<>();
            for (JsonNode c : array(r.path("Containers"))) {
                containers.add(new GroupMetrics.ContainerMetrics(
                        text(c.path("Name")), cpu(c.path("CPU")), memory(c.path("Memory"))));
            }
            out.add(new GroupMetrics(
                    text(d.path("ContainerGroupId")),
                    time(r.path("Timestamp")),
                    cpu(r.path("CPU")),
                    memory(r.path("Memory")),
                    containers));
        }
        return out;
    }

    private static GroupMetrics.Cpu cpu(JsonNode n) {
        if (n.isMissingNode() || n.isNull() || n.isEmpty()) {
            return null;
        }
        return new GroupMetrics.Cpu(
                longValue(n.path("UsageNanoCores")),
                longValue(n.path("UsageCoreNanoSeconds")),
                longValue(n.path("Load")),
                longValue(n.path("Limit")));
    }

    private static GroupMetrics.Memory memory(JsonNode n) {
        if (n.isMissingNode() || n.isNull() || n.isEmpty()) {
            return null;
        }
        return new GroupMetrics.Memory(
                longValue(n.path("AvailableBytes")),
                longValue(n.path("UsageBytes")),
                longValue(n.path("Cache")),
                longValue(n.path("WorkingSet")),
                longValue(n.path("Rss")));
    }

    /** The image cache {@code id} of a DescribeImageCaches answer, if it lists it. */
    public static Optional<ImageCacheState> imageCache(JsonNode body, String id) {
        for (JsonNode c : array(body.path("ImageCaches"))) {
            if (id.equals(text(c.path("ImageCacheId")))) {
                return Optional.of(new ImageCacheState(
                        id,
                        text(c.path("ImageCacheName")),
                        text(c.path("Status")),
                        text(c.path("Progress")),
                        text(c.path("SnapshotId")),
                        eventLines(c.path("Events"), "Name")));
            }
        }
        return Optional.empty();
    }

    /** The ECI VirtualNode {@code id} of a DescribeVirtualNodes answer, if it lists it. */
    public static Optional<CloudVirtualNode> virtualNode(JsonNode body, String id) {
        for (JsonNode n : array(body.path("VirtualNodes"))) {
            if (id.equals(text(n.path("VirtualNodeId")))) {
                return Optional.of(new CloudVirtualNode(
                        id,
                        text(n.path("VirtualNodeName")),
                        text(n.path("Status")),
                        text(n.path("IntranetIp")),
                        eventLines(n.path("Events"), "Reason")));
            }
        }
        return Optional.empty();
    }

    /**
     * The id an answer must carry ({@code ContainerGroupId}, {@code ImageCacheId}, {@code WebSocketUri}); its
     * absence is a transient {@code InvalidResponse}: the endpoint misbehaved.
     */
    static String required(JsonNode body, String key, String action) throws ProviderException {
        String v = text(body.path(key));
        if (v == null || v.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT, "InvalidResponse", action, "no " + key + " in the answer");
        }
        return v;
    }

    /** One line per cloud event: {@code Type Reason: Message} ({@code reasonField} names the reason's key). */
    static List<String> eventLines(JsonNode events, String reasonField) {
        List<String> lines = new ArrayList<>();
        for (JsonNode e : events) {
            lines.add(e.path("Type").asText("") + " " + e.path(reasonField).asText("") + ": "
                    + e.path("Message").asText(""));
        }
        return lines;
    }

    /** An array, or an array wrapped in an object ({@code {"X":[...]}} as some ECI answers do), else empty. */
    static List<JsonNode> array(JsonNode n) {
        List<JsonNode> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(out::add);
        } else if (n.isObject() && n.size() == 1 && n.elements().next().isArray()) {
            n.elements().next().forEach(out::add);
        }
        return out;
    }

    static String text(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }

    static Integer integer(JsonNode n) {
        Long v = longValue(n);
        return v == null ? null : (int) (long) v;
    }

    static Long longValue(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        String s = n.asText().trim();
        if (s.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(s);
        } catch (NumberFormatException e) {
            try {
                return (long) Double.parseDouble(s);
            } catch (NumberFormatException e2) {
                return null;
            }
        }
    }

    static Double number(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.asDouble();
        }
        try {
            String s = n.asText().trim();
            return s.isEmpty() ? null : Double.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static Boolean bool(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        String s = n.asText().trim();
        if (s.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** An RFC3339 time (offset or Z, with or without fraction), trimmed; blank or unreadable is null. */
    static Instant time(JsonNode n) {
        return time(text(n));
    }

    /** {@link #time(JsonNode)} of a string already read. */
    static Instant time(String s) {
        if (s == null) {
            return null;
        }
        s = s.strip();
        if (s.isEmpty()) {
            return null;
        }
        Instant utc = utcSeconds(s);
        if (utc != null) {
            return utc;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /**
     * The form ECI writes almost every time in ({@code 2026-12-04T22:46:20Z}), read without a formatter: a status round
     * reads several per group, and {@link OffsetDateTime#parse} was a quarter of its CPU. Null for any other form.
     */
    private static Instant utcSeconds(String s) {
        if (s.length() != 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':'
                || s.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0
                || month < 1
                || month > 12
                || day < 1
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second)
                    .toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // a day the month does not have: the formatter's answer
        }
    }

    /** The decimal number of {@code length} digits at {@code from}, or -1. */
    private static int digits(String s, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
