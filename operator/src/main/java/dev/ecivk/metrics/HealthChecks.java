package dev.ecivk.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The readiness state other components report and {@code /readyz} serves. Thread-safe; every setter is cheap and
 * may be called on every informer event or ping.
 *
 * <p>A standby replica is ready: it runs nothing that needs informers or the cloud, and marking it unready would
 * only stall rolling updates. The leader (or the single replica without leader election) is ready once its
 * informers have synced, the provider answers and its Nodes are registered.
 */
public final class HealthChecks {

    /** Where this replica stands in leader election. */
    public enum Leadership {
        LEADER,
        STANDBY,
        /** Leader election is off: this replica acts as the leader. */
        DISABLED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean leads() {
            return this != STANDBY;
        }
    }

    private volatile boolean informersSynced;
    private volatile boolean providerReachable;
    private volatile Leadership leadership = Leadership.DISABLED;
    /** Nodes whose registration failed, with why; a registered node is absent. */
    private final Map<String, String> unregisteredNodes = new java.util.concurrent.ConcurrentSkipListMap<>();

    public void markInformersSynced(boolean synced) {
        this.informersSynced = synced;
    }

    public void providerReachable(boolean reachable) {
        this.providerReachable = reachable;
    }

    /** A node was registered ({@code problem} null) or could not be (why). */
    public void nodeRegistration(String node, String problem) {
        if (problem == null) {
            unregisteredNodes.remove(node);
        } else {
            unregisteredNodes.put(node, problem);
        }
    }

    public boolean nodesRegistered() {
        return unregisteredNodes.isEmpty();
    }

    public void leadership(Leadership leadership) {
        this.leadership = leadership;
    }

    public boolean informersSynced() {
        return informersSynced;
    }

    public boolean providerReachable() {
        return providerReachable;
    }

    public Leadership leadership() {
        return leadership;
    }

    public boolean ready() {
        Leadership current = leadership;
        return !current.leads() || (informersSynced && providerReachable && unregisteredNodes.isEmpty());
    }

    /** Each check and its state, in a stable order, for the {@code /readyz} body. */
    public Map<String, String> report() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("informers_synced", String.valueOf(informersSynced));
        checks.put("provider_reachable", String.valueOf(providerReachable));
        checks.put(
                "nodes_registered",
                unregisteredNodes.isEmpty() ? "true" : "false (" + String.join("; ", unregisteredNodes.values()) + ")");
        checks.put("leadership", leadership.tag());
        return checks;
    }
}
