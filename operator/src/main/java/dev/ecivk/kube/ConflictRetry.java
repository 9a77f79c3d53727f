package dev.ecivk.kube;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.function.Supplier;

/**
 * A read-modify-write against an object other components also write: each attempt reads the object afresh, computes
 * the change and writes it guarded by the resourceVersion it read; a 409 Conflict (someone wrote in between) starts
 * the next attempt. The apiserver answers 409 for a stale resourceVersion on every PUT, status included.
 */
public final class ConflictRetry {
    /** Attempts before the conflict is given up to the caller (who retries later). */
    public static final int ATTEMPTS = 5;

    private ConflictRetry() {}

    /** Runs {@code attempt} until it does not end in a 409, at most {@link #ATTEMPTS} times. */
    public static <T> T run(Supplier<T> attempt) {
        KubernetesClientException last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            try {
                return attempt.get();
            } catch (KubernetesClientException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    public static boolean isConflict(KubernetesClientException e) {
        return e.getCode() == 409;
    }

    public static boolean isNotFound(KubernetesClientException e) {
        return e.getCode() == 404;
    }
}
