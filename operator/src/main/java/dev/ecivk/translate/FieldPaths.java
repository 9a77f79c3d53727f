package dev.ecivk.translate;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Downward-API {@code fieldRef} paths: resolved to literals here, except the Pod IP which only ECI knows. */
final class FieldPaths {

    /** The one path ECI resolves itself ({@code EnvironmentVar.FieldRef.FieldPath}). */
    static final String POD_IP = "status.podIP";

    private static final Pattern SUBSCRIPT = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']");

    private FieldPaths() {}

    static boolean isRuntime(String path) {
        return POD_IP.equals(path) || "status.podIPs".equals(path);
    }

    /** The literal value of {@code path}, or null when the path is not supported. */
    static String literal(PodView pod, String path, boolean volume) {
        if (path == null) {
            return null;
        }
        switch (path) {
            case "metadata.name":
                return pod.name();
            case "metadata.namespace":
                return pod.namespace();
            case "metadata.uid":
                return pod.uid();
            case "spec.nodeName":
                return pod.nodeName();
            case "spec.serviceAccountName":
                return pod.serviceAccountName();
            case "status.hostIP":
            case "status.hostIPs":
                return pod.ctx().hostIp() == null ? "" : pod.ctx().hostIp();
            case "metadata.labels":
                return volume ? mapFile(pod.labels()) : null;
            case "metadata.annotations":
                return volume ? mapFile(pod.annotations()) : null;
            default:
                Matcher m = SUBSCRIPT.matcher(path);
                if (m.matches()) {
                    Map<String, String> map = m.group(1).equals("labels") ? pod.labels() : pod.annotations();
                    return map.getOrDefault(m.group(2), "");
                }
                return null;
        }
    }

    /** The kubelet's format for label/annotation files: {@code key="value"} lines sorted by key. */
    static String mapFile(Map<String, String> map) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            if (!first) {
                out.append('\n');
            }
            first = false;
            out.append(e.getKey()).append('=').append(quote(e.getValue()));
        }
        return out.toString();
    }

    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
