package dev.ecivk.kubeletapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A tiny parser of the Prometheus text format (0.0.4), enough to read back {@code /metrics/resource}. */
final class PrometheusText {
    record Sample(String name, Map<String, String> labels, double value, Long timestampMillis) {}

    private static final Pattern LINE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)(\\s+(-?\\d+))?");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private PrometheusText() {}

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line.trim());
            if (!matcher.matches()) {
                throw new IllegalArgumentException("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(3) != null) {
                Matcher label = LABEL.matcher(matcher.group(3));
                int end = 0;
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                    end = label.end();
                }
                if (end != matcher.group(3).length()) {
                    throw new IllegalArgumentException("bad labels: " + line);
                }
            }
            samples.add(new Sample(
                    matcher.group(1),
                    labels,
                    Double.parseDouble(matcher.group(4)),
                    matcher.group(6) == null ? null : Long.parseLong(matcher.group(6))));
        }
        return samples;
    }
}
