package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.metrics.ControllerMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of one controller: the one of {@code --provider}, and one per other kind a VirtualNode's
 * {@code spec.provider} names, created when a node first needs it and shared by every node of that kind. A backend
 * starts (network I/O: an embedded cloud, the agent gateway's Secret) under its kind's own lock, so only nodes that
 * need that very backend wait for it.
 */
final class Backends implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    /** Makes the backend of a kind; closed after every backend it made. */
    interface Factory extends AutoCloseable {
        Backend create(ProviderKind kind);

        @Override
        default void close() {}
    }

    private final ProviderKind defaultKind;
    private final Map<ProviderKind, Backend> byKind = new ConcurrentHashMap<>();
    private final Map<ProviderKind, Object> kindLocks = new ConcurrentHashMap<>();
    /** In the order they were made, to close them in reverse. */
    private final List<Backend> made = new CopyOnWriteArrayList<>();

    private final Factory factory;
    private volatile boolean closed;

    Backends(ProviderKind defaultKind, Backend defaultBackend, Factory factory) {
        this.defaultKind = defaultKind;
        this.factory = factory;
        byKind.put(defaultKind, defaultBackend);
        made.add(defaultBackend);
    }

    /**
     * The backends of a controller: {@code --provider}'s at once, the others when a VirtualNode first names them.
     * Every cloud call of each is counted in the cloud-call meters.
     */
    static Backends start(OperatorConfig config, ControllerMetrics metrics, KubernetesClient client) {
        CloudCallMetrics calls = new CloudCallMetrics(metrics);
        VmBackend.Factory vms = new VmBackend.Factory(config, client, Clock.systemUTC(), new VmClouds(calls));
        Factory factory = new Factory() {
            @Override
            public Backend create(ProviderKind kind) {
                Backend backend = kind.isVm() ? vms.create(kind) : EciBackend.create(config, kind, calls);
                metrics.registerCloudActions(backend.cloudActions());
                return backend;
            }

            @Override
            public void close() {
                vms.close();
            }
        };
        try {
            return new Backends(config.provider(), factory.create(config.provider()), factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    /** Only the given backend; a node naming another kind fails to start with a clear message. */
    static Backends only(ProviderKind kind, Backend backend) {
        return new Backends(kind, backend, other -> {
            throw new IllegalStateException("this controller runs only the " + kind + " backend, not " + other);
        });
    }

    Backend defaultBackend() {
        return byKind.get(defaultKind);
    }

    /** The backend of {@code provider} (a {@code --provider} name; null: the controller's own). */
    Backend forKind(String provider) {
        ProviderKind kind = provider == null ? defaultKind : ProviderKind.parse(provider);
        Backend backend = byKind.get(kind);
        if (backend != null) {
            return backend;
        }
        synchronized (kindLocks.computeIfAbsent(kind, k -> new Object())) {
            backend = byKind.get(kind);
            if (backend != null) {
                return backend;
            }
            if (closed) {
                throw new IllegalStateException("the controller is stopping");
            }
            LOG.info("Starting the {} backend for the virtual nodes that ask for it", kind);
            backend = factory.create(kind);
            byKind.put(kind, backend);
            made.add(backend);
            if (closed) {
                // close() ran while this one started; whichever of the two takes it out of the list closes it
                if (made.remove(backend)) {
                    closeQuietly(backend);
                }
                throw new IllegalStateException("the controller is stopping");
            }
            return backend;
        }
    }

    @Override
    public void close() {
        closed = true;
        List<Backend> all = new ArrayList<>(made);
        for (int i = all.size() - 1; i >= 0; i--) {
            if (made.remove(all.get(i))) {
                closeQuietly(all.get(i));
            }
        }
        byKind.clear();
        try {
            factory.close();
        } catch (Exception e) {
            LOG.warn("Closing the backend factory failed: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Backend backend) {
        try {
            backend.close();
        } catch (Exception e) {
            LOG.warn("Closing a backend failed: {}", e.getMessage());
        }
    }
}
