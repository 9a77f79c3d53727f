package dev.ecivk.logging;

import org.slf4j.MDC;

/**
 * The MDC keys a log line about a Pod carries, and scopes to set them outside JOSDK's reconciler threads (status
 * sync, orphan collection, kubelet API), so every line names its Pod the same way. Inside a reconcile JOSDK already
 * sets {@value #NAMESPACE} and {@value #NAME}.
 *
 * <pre>{@code
 * try (var scope = LogContext.pod(namespace, name, containerGroupId)) {
 *     LOG.info("container group is Running");
 * }
 * }</pre>
 */
public final class LogContext {
    /** JOSDK's key for the resource namespace. */
    public static final String NAMESPACE = "resource.namespace";
    /** JOSDK's key for the resource name. */
    public static final String NAME = "resource.name";
    /** Our key for the ECI container group id. */
    public static final String CONTAINER_GROUP_ID = "eci.cgId";

    private LogContext() {}

    /** Sets the Pod's namespace and name until closed; the previous values come back on close. */
    public static Scope pod(String namespace, String name) {
        return new Scope(NAMESPACE, namespace, NAME, name, null, null);
    }

    /** Sets the Pod and its container group id until closed ({@code containerGroupId} may be {@code null}). */
    public static Scope pod(String namespace, String name, String containerGroupId) {
        return new Scope(NAMESPACE, namespace, NAME, name, CONTAINER_GROUP_ID, containerGroupId);
    }

    /** Sets only the container group id, e.g. inside a reconcile once the id is known. */
    public static Scope containerGroup(String containerGroupId) {
        return new Scope(CONTAINER_GROUP_ID, containerGroupId, null, null, null, null);
    }

    /** Restores the MDC keys it changed on close. Not shared between threads (the MDC is per thread). */
    public static final class Scope implements AutoCloseable {
        private final String[] keys;
        private final String[] previous;

        private Scope(String k1, String v1, String k2, String v2, String k3, String v3) {
            keys = new String[] {k1, k2, k3};
            String[] values = {v1, v2, v3};
            previous = new String[3];
            for (int i = 0; i < 3; i++) {
                if (keys[i] != null) {
                    previous[i] = MDC.get(keys[i]);
                    put(keys[i], values[i]);
                }
            }
        }

        @Override
        public void close() {
            for (int i = 0; i < 3; i++) {
                if (keys[i] != null) {
                    put(keys[i], previous[i]);
                }
            }
        }

        private static void put(String key, String value) {
            if (value == null) {
                MDC.remove(key);
            } else {
                MDC.put(key, value);
            }
        }
    }
}
