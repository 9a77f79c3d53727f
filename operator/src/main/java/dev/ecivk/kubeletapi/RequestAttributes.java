package dev.ecivk.kubeletapi;

import java.util.Locale;

/**
 * How the kubelet maps an HTTP request to the attributes of a SubjectAccessReview on the {@code nodes} resource:
 * {@code /stats/*} is {@code nodes/stats}, {@code /metrics/*} {@code nodes/metrics}, {@code /logs/*}
 * {@code nodes/log}, {@code /spec/*} {@code nodes/spec}, everything else (exec, containerLogs, pods, ...)
 * {@code nodes/proxy}; the verb follows the HTTP method.
 */
public record RequestAttributes(String verb, String subresource) {

    public static RequestAttributes of(String method, String path) {
        return new RequestAttributes(verbOf(method), subresourceOf(path));
    }

    static String verbOf(String method) {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> "delete";
            default -> method.toLowerCase(Locale.ROOT);
        };
    }

    static String subresourceOf(String path) {
        if (isUnder(path, "/stats")) {
            return "stats";
        }
        if (isUnder(path, "/metrics")) {
            return "metrics";
        }
        if (isUnder(path, "/logs")) {
            return "log";
        }
        if (isUnder(path, "/spec")) {
            return "spec";
        }
        return "proxy";
    }

    private static boolean isUnder(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }
}
