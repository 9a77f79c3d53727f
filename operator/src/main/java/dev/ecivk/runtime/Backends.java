package dev.ecivk.runtime;

import dev.ecivk.config.ProviderKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of one controller: the one of {@code --provider}, and one per other kind a VirtualNode's
 * {@code spec.provider} names, created when a node first needs it and shared by every node of that kind.
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
    private final Map<ProviderKind, Backend> byKind = new LinkedHashMap<>();
    private final Factory factory;

    Backends(ProviderKind defaultKind, Backend defaultBackend, Factory factory) {
        this.defaultKind = defaultKind;
        this.factory = factory;
        byKind.put(defaultKind, defaultBackend);
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
    synchronized Backend forKind(String provider) {
        ProviderKind kind = provider == null ? defaultKind : ProviderKind.parse(provider);
        Backend backend = byKind.get(kind);
        if (backend == null) {
            LOG.info("Starting the {} backend for the virtual nodes that ask for it", kind);
            backend = factory.create(kind);
            byKind.put(kind, backend);
        }
        return backend;
    }

    @Override
    public synchronized void close() {
        List<Backend> all = new ArrayList<>(byKind.values());
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).close();
            } catch (Exception e) {
                LOG.warn("Closing a backend failed: {}", e.getMessage());
            }
        }
        byKind.clear();
        try {
            factory.close();
        } catch (Exception e) {
            LOG.warn("Closing the backend factory failed: {}", e.getMessage());
        }
    }
}
