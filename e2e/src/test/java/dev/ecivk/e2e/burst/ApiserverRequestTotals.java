package dev.ecivk.e2e.burst;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The apiserver's own count of the requests it served ({@code apiserver_request_total} on its {@code /metrics}), by
 * verb and resource as {@link ApiRequestTally} names them ({@code PATCH pods/status}, {@code POST events},
 * {@code POST serviceaccounts/token}); summed over response codes and scopes. It counts every client's requests: the
 * kubelet's, the benchmark's and the control plane's own (the scheduler's bindings, the ReplicaSet controller's
 * creates). On a real cluster where the kubelet runs in its own JVM it is the only count there is.
 */
final class ApiserverRequestTotals {
    private static final String SERIES = "apiserver_request_total{";
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private ApiserverRequestTotals() {}

    /** The apiserver's totals now, or empty when its {@code /metrics} cannot be read (RBAC, say). */
    static Optional<Map<String, Long>> read(KubernetesClient client) {
        try {
            String text = client.raw("/metrics");
            return text == null ? Optional.empty() : Optional.of(parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The totals in a {@code /metrics} text; lines of other series are ignored. */
    static Map<String, Long> parse(String metrics) {
        Map<String, Long> totals = new TreeMap<>();
        for (String line : metrics.split("\n")) {
            if (!line.startsWith(SERIES)) {
                continue;
            }
            int close = line.lastIndexOf('}');
            if (close < 0) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>();
            Matcher m = LABEL.matcher(line.substring(SERIES.length(), close));
            while (m.find()) {
                labels.put(m.group(1), m.group(2));
            }
            String resource = labels.getOrDefault("resource", "");
            if (resource.isEmpty()) {
                continue; // non-resource requests (discovery, /metrics itself)
            }
            String group = labels.getOrDefault("group", "");
            String subresource = labels.getOrDefault("subresource", "");
            String key = labels.getOrDefault("verb", "?") + " " + resource + (group.isEmpty() ? "" : "." + group)
                    + (subresource.isEmpty() ? "" : "/" + subresource);
            long value =
                    (long) Double.parseDouble(line.substring(close + 1).trim().split(" ")[0]);
            totals.merge(key, value, Long::sum);
        }
        return totals;
    }

    /** What {@code after} counted beyond {@code before}, the keys that did not grow left out. */
    static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> grown = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                grown.put(k, d);
            }
        });
        return grown;
    }
}
