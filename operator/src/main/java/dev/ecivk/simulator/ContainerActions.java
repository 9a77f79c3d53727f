package dev.ecivk.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DescribeContainerLog and ExecContainerCommand: the log lines a container's run wrote by now (tail, since, start
 * time, byte limit, the previous run), and a one-time exec session on a running container, reached at the
 * WebSocket URI the answer names.
 */
final class ContainerActions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String region;
    private final GroupStore store;
    private final ExecSessions execSessions;
    private volatile String publicEndpoint = "127.0.0.1:0";

    ContainerActions(String region, GroupStore store, ExecSessions execSessions) {
        this.region = region;
        this.store = store;
        this.execSessions = execSessions;
    }

    /** host:port the exec URIs name, known once the server is bound. */
    void publicEndpoint(String endpoint) {
        this.publicEndpoint = endpoint;
    }

    Map<String, Object> logs(ApiCall call) {
        call.requireRegion(region);
        SimGroup g = store.require(call.required("ContainerGroupId"));
        String containerName = call.required("ContainerName");
        FlatParams.Node p = call.tree();
        Integer tail = p.integer("Tail");
        if (tail != null && (tail < 0 || tail > EciLimits.MAX_LOG_TAIL)) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "The parameter Tail must be between 0 and " + EciLimits.MAX_LOG_TAIL + ".");
        }
        Integer sinceSeconds = p.integer("SinceSeconds");
        Long limitBytes = p.longValue("LimitBytes");
        boolean last = Boolean.TRUE.equals(p.bool("LastTime"));
        Instant startTime = call.time("StartTime");
        g.advance(call.now());
        String content;
        synchronized (g) {
            SimContainer c = g.container(containerName);
            if (c == null) {
                throw EciApiException.notFound("The specified container " + containerName + " is not found.");
            }
            SimContainer.Run run = last ? (c.restartAt != null ? c.current : c.previous) : c.current;
            List<SimContainer.Line> lines = run == null ? List.of() : run.visibleLines(call.now());
            List<String> selected = new ArrayList<>();
            for (SimContainer.Line l : lines) {
                if (startTime != null && l.at().isBefore(startTime)) {
                    continue;
                }
                if (sinceSeconds != null && l.at().isBefore(call.now().minusSeconds(sinceSeconds))) {
                    continue;
                }
                selected.add(l.text());
            }
            int keep = tail == null ? EciLimits.DEFAULT_LOG_TAIL : tail;
            if (selected.size() > keep) {
                selected = selected.subList(selected.size() - keep, selected.size());
            }
            StringBuilder sb = new StringBuilder();
            for (String s : selected) {
                sb.append(s).append('\n');
            }
            content = sb.toString();
        }
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        long cap = Math.min(limitBytes == null ? Long.MAX_VALUE : limitBytes, EciLimits.MAX_LOG_BYTES);
        if (bytes.length > cap) {
            content = new String(bytes, 0, (int) cap, StandardCharsets.UTF_8);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ContainerName", containerName);
        out.put("Content", content);
        return out;
    }

    Map<String, Object> exec(ApiCall call) {
        call.requireRegion(region);
        SimGroup g = store.require(call.required("ContainerGroupId"));
        String containerName = call.required("ContainerName");
        List<String> command = commandList(call.required("Command"));
        FlatParams.Node p = call.tree();
        boolean tty = Boolean.TRUE.equals(p.bool("TTY"));
        boolean stdin = !Boolean.FALSE.equals(p.bool("Stdin"));
        g.advance(call.now());
        SimContainer c;
        synchronized (g) {
            c = g.container(containerName);
            if (c == null) {
                throw EciApiException.notFound("The specified container " + containerName + " is not found.");
            }
            if (!c.running()) {
                throw EciApiException.incorrectStatus("The container " + containerName + " is not running.");
            }
        }
        String token = execSessions.open(g, c, command, tty, stdin, call.now());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("WebSocketUri", "ws://" + publicEndpoint + "/exec/?s=" + token);
        out.put("HttpUrl", "http://" + publicEndpoint + "/exec/console?s=" + token);
        return out;
    }

    private static List<String> commandList(String json) {
        List<String> command;
        String trimmed = json.trim();
        if (trimmed.startsWith("[")) {
            try {
                command = JSON.readValue(trimmed, new TypeReference<List<String>>() {});
            } catch (IOException e) {
                throw EciApiException.invalid("The specified parameter \"Command\" is not a JSON array.");
            }
        } else {
            command = List.of(trimmed);
        }
        if (command.isEmpty() || command.size() > EciLimits.MAX_EXEC_COMMAND_ITEMS) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.ValueExceeded",
                    "Command must have 1 to " + EciLimits.MAX_EXEC_COMMAND_ITEMS + " items.");
        }
        for (String item : command) {
            if (item.length() > EciLimits.MAX_COMMAND_ITEM_LENGTH) {
                throw new EciApiException(
                        400,
                        "InvalidParameter.ValueExceeded",
                        "A Command item is longer than " + EciLimits.MAX_COMMAND_ITEM_LENGTH + " characters.");
            }
        }
        return command;
    }
}
