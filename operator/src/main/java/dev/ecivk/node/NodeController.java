package dev.ecivk.node;

import dev.ecivk.kube.ConflictRetry;
import dev.ecivk.kube.Failures;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the virtual Node and keeps it alive as a kubelet does: a Lease renewed on its own thread (slow cloud calls
 * cannot delay it, see {@link NodeLease}), a Ready condition that follows the provider's health, and a re-registration
 * when someone deletes the Node. The only writer of our Nodes.
 *
 * <p>Other components write the same Node (the TTL controller annotates it, the node lifecycle controller sets
 * conditions and taints, node-problem-detector adds conditions): every write is a read-modify-write of our own fields
 * that retries on 409 with a fresh read, and a write that fails never stops the heartbeats. Registration that fails
 * is retried with back-off; {@link #problem()} says why the Node is not registered.
 */
public final class NodeController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private volatile NodeSettings settings;
    private final Clock clock;
    private final Listener listener;
    private final NodeLease lease;
    private final ScheduledExecutorService statusThread = daemonScheduler("ecivk-node-status");
    private final ProviderHealth provider;
    private final NodeLabelsAndTaints labelsAndTaints;
    /** Allocatable amounts below the capacity (the account's quota), or empty: allocatable is the capacity. */
    private volatile Map<String, Quantity> allocatableOverride = Map.of();

    private volatile String registrationProblem = "The Node is not registered yet.";
    private Duration nextRetry = FIRST_RETRY;
    private volatile Watch watch;
    private volatile boolean closed;

    /** Told about heartbeats and registration, for metrics and readiness. */
    public interface Listener {
        void onLeaseRenewal(Duration took, boolean ok);

        void onProviderHealth(boolean healthy);

        /** The Node is registered ({@code problem} null) or not (why). */
        default void onRegistration(String problem) {}

        Listener NONE = new Listener() {
            @Override
            public void onLeaseRenewal(Duration took, boolean ok) {}

            @Override
            public void onProviderHealth(boolean healthy) {}
        };
    }

    public NodeController(
            KubernetesClient client,
            NodeSettings settings,
            Callable<Void> providerPing,
            Clock clock,
            Listener listener) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.listener = listener;
        this.provider = new ProviderHealth(providerPing, listener::onProviderHealth);
        this.labelsAndTaints = new NodeLabelsAndTaints(client);
        this.lease = new NodeLease(client, () -> this.settings, clock, this::registered, listener::onLeaseRenewal);
    }

    /**
     * Tries to register the Node once, then starts the heartbeats. A registration that fails is logged in one line and
     * retried in the background with back-off; it never throws.
     */
    public void start() {
        provider.check(settings.timings().pingInterval());
        if (!registerQuietly()) {
            scheduleRegistration();
        }
        lease.start();
        long ping = settings.timings().pingInterval().toMillis();
        statusThread.scheduleWithFixedDelay(this::heartbeatQuietly, ping, ping, TimeUnit.MILLISECONDS);
        watchForDeletion();
    }

    /** True once the Node exists with our labels, taints and status. */
    public boolean registered() {
        return registrationProblem == null;
    }

    /** Why the Node is not registered, or null when it is. */
    public String problem() {
        return registrationProblem;
    }

    public boolean providerHealthy() {
        return provider.healthy();
    }

    /**
     * Applies new labels, taints or capacity (a VirtualNode edit): the Node gets them at once. Labels and taints the
     * previous settings put on and the new ones drop are removed; those others added stay.
     */
    public synchronized void reconfigure(NodeSettings next) {
        NodeSettings previous = settings;
        settings = next;
        if (!registered()) {
            return; // the pending registration brings the new settings
        }
        try {
            Node node = labelsAndTaints.ensure(get(), next, previous);
            postStatus(node);
        } catch (KubernetesClientException e) {
            LOG.warn(
                    "Reconfiguring node {} failed, retried with the next heartbeat: {}",
                    next.nodeName(),
                    Failures.brief(e));
            registrationFailed(Failures.brief(e));
        }
    }

    /** What the Node advertises as capacity now. */
    public Map<String, Quantity> capacity() {
        return settings.capacity();
    }

    /**
     * Advertises some resources below the capacity as allocatable (the cpu the cloud account can still run), each
     * capped at its capacity; resources not named stay allocatable at their capacity. The Node status is written at
     * once (on the status thread) when that changes what it shows.
     */
    public void advertiseAllocatable(Map<String, Quantity> allocatable) {
        Map<String, Quantity> next = Map.copyOf(allocatable);
        if (next.equals(allocatableOverride)) {
            return;
        }
        allocatableOverride = next;
        try {
            statusThread.execute(this::postIfChangedQuietly);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nothing to advertise any more
        }
    }

    /** Renews the Lease now (it is also renewed on its own schedule). */
    void renewLease() {
        lease.renew();
    }

    /** Stops the heartbeats, then deletes the Node (its Lease is owned by it and goes with it). */
    public void deregister() {
        close();
        String name = settings.nodeName();
        try {
            client.nodes().withName(name).delete();
            LOG.info("Deleted node {}", name);
        } catch (KubernetesClientException e) {
            LOG.warn("Deleting node {} failed: {}", name, Failures.brief(e));
        }
        lease.delete();
    }

    /** Creates the Node, or brings an existing one to our labels, taints, addresses and status. */
    synchronized void register() {
        Node node = get();
        if (node == null) {
            try {
                node = client.nodes()
                        .resource(NodeLabelsAndTaints.newNode(settings))
                        .create();
                LOG.info("Registered node {}", settings.nodeName());
            } catch (KubernetesClientException e) {
                if (!ConflictRetry.isConflict(e)) {
                    throw e;
                }
                node = get(); // created by someone else meanwhile
            }
        }
        node = labelsAndTaints.ensure(node, settings, settings);
        postStatus(node);
        boolean first = !registered();
        registrationProblem = null;
        if (first) {
            LOG.info("Node {} is registered", settings.nodeName());
            lease.renewSoon(); // owned by the Node: it could not exist before
        }
        nextRetry = FIRST_RETRY;
        listener.onRegistration(null);
    }

    private boolean registerQuietly() {
        try {
            register();
            return true;
        } catch (RuntimeException e) {
            registrationFailed(Failures.brief(e));
            return false;
        }
    }

    private synchronized void registrationFailed(String problem) {
        registrationProblem = "Node " + settings.nodeName() + " is not registered: " + problem;
        listener.onRegistration(registrationProblem);
    }

    private synchronized void scheduleRegistration() {
        if (closed) {
            return;
        }
        Duration delay = nextRetry;
        nextRetry = nextRetry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : nextRetry.multipliedBy(2);
        LOG.warn("{}; retrying in {}s", registrationProblem, Math.max(1, delay.toSeconds()));
        statusThread.schedule(
                () -> {
                    if (!registered() && !registerQuietly()) {
                        scheduleRegistration();
                    }
                },
                delay.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private Node get() {
        return client.nodes().withName(settings.nodeName()).get();
    }

    /** The status the Node should have now, built on {@code current}'s (see {@link DesiredNodeStatus}). */
    NodeStatus desiredStatus(Node current) {
        return DesiredNodeStatus.of(
                current, settings, allocatableOverride, provider.healthy(), provider.problem(), clock);
    }

    /** Whether the Node's status differs from ours (heartbeat times aside), e.g. after the lifecycle controller. */
    private boolean statusChanged(Node node) {
        return DesiredNodeStatus.changed(node, desiredStatus(node));
    }

    private boolean statusDue(Node node) {
        return DesiredNodeStatus.due(node, settings.timings().statusInterval(), clock);
    }

    /** Writes our part of the Node status: PUT of the status subresource at the version read, retried on 409. */
    private void postStatus(Node read) {
        Node[] latest = {read};
        ConflictRetry.run(() -> {
            Node node = latest[0] != null ? latest[0] : get();
            latest[0] = null;
            if (node == null) {
                throw new KubernetesClientException("node " + settings.nodeName() + " is gone", 404, null);
            }
            Node updated = new NodeBuilder(node).withStatus(desiredStatus(node)).build();
            return client.nodes().resource(updated).updateStatus();
        });
    }

    /** Pings the provider (bounded by the ping interval) and re-posts the Node status when it changed or is due. */
    void heartbeat() {
        provider.check(settings.timings().pingInterval());
        if (!registered()) {
            return; // the scheduled registration posts the status
        }
        Node node = get();
        if (node == null) {
            LOG.warn("Node {} was deleted; registering it again", settings.nodeName());
            register();
            return;
        }
        if (statusChanged(node) || statusDue(node)) {
            postStatus(node);
        }
    }

    /** Writes the status when it differs from the Node's (a new allocatable), without a provider ping. */
    private void postIfChangedQuietly() {
        try {
            Node node = registered() ? get() : null;
            if (node != null && statusChanged(node)) {
                postStatus(node);
            }
        } catch (RuntimeException e) {
            LOG.warn(
                    "Node {} status write failed, retried with the next heartbeat: {}",
                    settings.nodeName(),
                    Failures.brief(e));
        }
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("Node {} heartbeat failed, retried with the next one: {}", settings.nodeName(), Failures.brief(e));
        }
    }

    private void watchForDeletion() {
        if (closed) {
            return;
        }
        try {
            watch = client.nodes().withName(settings.nodeName()).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Node node) {
                    if (action == Action.DELETED && !closed) {
                        statusThread.execute(() -> {
                            LOG.warn("Node {} was deleted; registering it again", settings.nodeName());
                            if (!registerQuietly()) {
                                scheduleRegistration();
                            }
                        });
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    if (!closed) {
                        statusThread.schedule(NodeController.this::watchForDeletion, 1, TimeUnit.SECONDS);
                    }
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Watching node {} failed, retrying: {}", settings.nodeName(), Failures.brief(e));
            statusThread.schedule(this::watchForDeletion, 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        lease.close();
        statusThread.shutdownNow();
        provider.close();
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemon(name));
    }
}
