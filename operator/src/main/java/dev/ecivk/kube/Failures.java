package dev.ecivk.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** Failures of apiserver calls as one line for a log or a readiness report: never a stack trace. */
public final class Failures {
    private Failures() {}

    /** The HTTP code and the apiserver's reason, or the root cause of a failure that never reached it. */
    public static String brief(RuntimeException e) {
        if (e instanceof KubernetesClientException k && k.getCode() > 0) {
            String reason = k.getStatus() != null && k.getStatus().getMessage() != null
                    ? k.getStatus().getMessage()
                    : k.getMessage();
            return "HTTP " + k.getCode() + ": " + reason;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}
