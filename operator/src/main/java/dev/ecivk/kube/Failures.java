package dev.ecivk.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

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

    /**
     * Runs one apiserver call so that every way it fails is a {@link KubernetesClientException}. fabric8 passes some
     * transport failures through as they are (a Vert.x {@code HttpClosedException} when a connection drops mid-call):
     * a caller that classifies only the client's exception would take such a failure for a fault of its own input.
     * A failure that never reached the apiserver keeps code -1, as fabric8's own transport failures do.
     */
    public static <T> T apiCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KubernetesClientException("The apiserver call failed: " + brief(e), e);
        }
    }
}
