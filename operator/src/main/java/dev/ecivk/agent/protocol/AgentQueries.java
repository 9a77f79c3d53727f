package dev.ecivk.agent.protocol;

import dev.ecivk.provider.model.LogQuery;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The query strings of the controller's calls to an agent, written on one side and read on the other. */
public final class AgentQueries {
    private static final int MAX_ERROR_CHARS = 300;

    private AgentQueries() {}

    public static String encodePath(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String logs(LogQuery q) {
        List<String> params = new ArrayList<>();
        add(params, "tail", q.tail());
        add(params, "sinceSeconds", q.sinceSeconds());
        add(params, "sinceTime", q.startTime());
        add(params, "limitBytes", q.limitBytes());
        if (q.previous()) {
            params.add("previous=true");
        }
        if (q.timestamps()) {
            params.add("timestamps=true");
        }
        return params.isEmpty() ? "" : "?" + String.join("&", params);
    }

    /** Reads {@link #logs}' parameters back; a malformed value is an {@link IllegalArgumentException}. */
    public static LogQuery parseLogs(Map<String, List<String>> params) {
        try {
            String since = first(params, "sinceTime");
            return new LogQuery(
                    integer(params, "tail"),
                    integer(params, "sinceSeconds"),
                    since == null ? null : Instant.parse(since),
                    first(params, "limitBytes") == null ? null : Long.valueOf(first(params, "limitBytes")),
                    "true".equals(first(params, "previous")),
                    "true".equals(first(params, "timestamps")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("malformed log query: " + e.getMessage());
        }
    }

    public static String exec(List<String> command, boolean tty, boolean stdin) {
        List<String> params = new ArrayList<>();
        command.forEach(c -> params.add("command=" + URLEncoder.encode(c, StandardCharsets.UTF_8)));
        params.add("tty=" + tty);
        params.add("stdin=" + stdin);
        return "?" + String.join("&", params);
    }

    /** The message of an error answer, bounded, for an exception the kubelet API shows the caller. */
    public static String errorOf(String body) {
        if (body == null || body.isBlank()) {
            return "the agent refused the call";
        }
        String text = body;
        try {
            Wire.Failure failure = Wire.JSON.readValue(body, Wire.Failure.class);
            if (failure.error() != null) {
                text = failure.error();
            }
        } catch (java.io.IOException e) {
            // not JSON: show the text itself
        }
        return text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "…" : text;
    }

    private static void add(List<String> params, String name, Object value) {
        if (value != null) {
            params.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
        }
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Integer integer(Map<String, List<String>> params, String name) {
        String value = first(params, name);
        return value == null ? null : Integer.valueOf(value);
    }
}
