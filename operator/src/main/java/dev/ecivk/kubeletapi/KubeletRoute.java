package dev.ecivk.kubeletapi;

import java.util.Arrays;
import java.util.List;

/**
 * What a request to the kubelet API asks for, decided from its method and path alone: the paths a kubelet serves,
 * with the kubelet's answers for a wrong method (405), an unknown path (404) and what ECI cannot offer (501).
 */
sealed interface KubeletRoute {

    /** {@code /healthz}, any method. */
    record Healthz() implements KubeletRoute {}

    /** {@code /pods} (every Pod of the node) or {@code /runningpods/} (what runs, as the runtime sees it). */
    record PodList(boolean runningOnly) implements KubeletRoute {}

    /** {@code /stats/summary}. */
    record Stats() implements KubeletRoute {}

    /** {@code /metrics/resource}. */
    record ResourceMetrics() implements KubeletRoute {}

    /** {@code /containerLogs/{namespace}/{pod}/{container}}. */
    record ContainerLogs(String namespace, String pod, String container) implements KubeletRoute {}

    /** {@code /exec/{namespace}/{pod}/{container}} or {@code /exec/{namespace}/{pod}/{uid}/{container}}. */
    record Exec(String namespace, String pod, String uid, String container) implements KubeletRoute {}

    /** {@code /attach} and {@code /portForward}: a kubelet has them, ECI offers no API for them. */
    record Unsupported(String feature) implements KubeletRoute {}

    /** A known path with a method it does not take. */
    record MethodNotAllowed() implements KubeletRoute {}

    /** A path this node does not serve. */
    record NotFound() implements KubeletRoute {}

    /** @param read whether the method is GET or HEAD */
    static KubeletRoute of(boolean read, String path) {
        List<String> segments =
                Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
        String head = segments.isEmpty() ? "" : segments.get(0);
        return switch (head) {
            case "healthz" -> new Healthz();
            case "pods" -> readOnly(read, new PodList(false));
            case "runningpods" -> readOnly(read, new PodList(true));
            case "stats" -> isPair(segments, "summary") ? readOnly(read, new Stats()) : new NotFound();
            case "metrics" -> isPair(segments, "resource") ? readOnly(read, new ResourceMetrics()) : new NotFound();
            case "containerLogs" ->
                segments.size() != 4
                        ? new NotFound()
                        : readOnly(read, new ContainerLogs(segments.get(1), segments.get(2), segments.get(3)));
            case "exec" ->
                switch (segments.size()) {
                    case 4 -> new Exec(segments.get(1), segments.get(2), null, segments.get(3));
                    case 5 -> new Exec(segments.get(1), segments.get(2), segments.get(3), segments.get(4));
                    default -> new NotFound();
                };
            case "attach", "portForward" -> new Unsupported(head);
            default -> new NotFound();
        };
    }

    private static boolean isPair(List<String> segments, String second) {
        return segments.size() == 2 && segments.get(1).equals(second);
    }

    private static KubeletRoute readOnly(boolean read, KubeletRoute route) {
        return read ? route : new MethodNotAllowed();
    }
}
