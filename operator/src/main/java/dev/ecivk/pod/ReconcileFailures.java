package dev.ecivk.pod;

import dev.ecivk.provider.ProviderException;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The one log line of a failed reconcile that JOSDK will retry with back-off (JOSDK's own warning, with a stack trace
 * per attempt, is silenced in logback.xml). Logged under the reconciler's name.
 */
final class ReconcileFailures {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);

    private ReconcileFailures() {}

    /**
     * Expected cloud failures (throttling, 5xx, no stock) are DEBUG; others say the action, code and class; anything
     * unexpected says where it was thrown. Never the messages: a cloud's error text can echo values of the Pod's
     * spec, which may come from Secrets.
     */
    static void log(Pod pod, Exception e, int attempt) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        Throwable cause = e;
        while (!(cause instanceof ProviderException || cause instanceof KubernetesClientException)
                && cause.getCause() != null
                && cause.getCause() != cause) {
            cause = cause.getCause(); // JOSDK wraps what the reconciler threw
        }
        if (cause instanceof ProviderException p) {
            LOG.atLevel(p.isRetryable() ? Level.DEBUG : Level.INFO)
                    .log(
                            "{}/{}: {} failed with {} ({}); retry {} with back-off",
                            ns,
                            name,
                            p.action(),
                            p.code(),
                            p.failureClass(),
                            attempt);
        } else if (cause instanceof KubernetesClientException k) {
            LOG.info("{}/{}: the apiserver answered HTTP {}; retry {} with back-off", ns, name, k.getCode(), attempt);
        } else {
            LOG.warn(
                    "{}/{}: reconcile failed with {} at {}; retry {} with back-off",
                    ns,
                    name,
                    cause.getClass().getName(),
                    cause.getStackTrace().length == 0 ? "?" : cause.getStackTrace()[0],
                    attempt);
        }
    }
}
