package dev.ecivk.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the virtual Node and keeps it alive: a Lease renewed on its own thread (slow cloud calls cannot delay
 * it), a Ready condition that follows the provider's health, and a re-registration when someone deletes the Node.
 * The only writer of Nodes and Leases.
 */
public final class NodeController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeController.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";

    private final KubernetesClient client;
    private volatile NodeSettings settings;
    private final Callable<Void> providerPing;
    private final Clock clock;
    private final Listener listener;
    private final ScheduledExecutorService leaseThread = daemonScheduler("ecivk-lease");
    private final ScheduledExecutorService statusThread = daemonScheduler("ecivk-node-status");
    private final ExecutorService pingThread = Executors.newSingleThreadExecutor(daemon("ecivk-provider-ping"));
    private volatile boolean providerHealthy;
    private volatile String providerProblem = "The provider has not answered yet.";
    private volatile Watch watch;
    private volatile boolean closed;

    /** Told about heartbeats, for metrics and readiness. */
    public interface Listener {
        void onLeaseRenewal(Duration took, boolean ok);

        void onProviderHealth(boolean healthy);

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
        this.providerPing = providerPing;
        this.clock = clock;
        this.listener = listener;
    }

    /** Registers the Node, then starts the heartbeats. */
    public void start() {
        checkProvider();
        register();
        renewLease();
        long renew = settings.leaseRenewInterval().toMillis();
        leaseThread.scheduleWithFixedDelay(this::renewLeaseQuietly, renew, renew, TimeUnit.MILLISECONDS);
        long ping = settings.pingInterval().toMillis();
        statusThread.scheduleWithFixedDelay(this::heartbeatQuietly, ping, ping, TimeUnit.MILLISECONDS);
        watchForDeletion();
    }

    /**
     * Applies new labels, taints or capacity (a VirtualNode edit): the Node gets them at once. Labels and taints the
     * previous settings put on and the new ones drop are removed; those others added stay.
     */
    public synchronized void reconfigure(NodeSettings next) {
        NodeSettings previous = settings;
        settings = next;
        Node current = client.nodes().withName(next.nodeName()).get();
        if (current == null) {
            register();
            return;
        }
        Node edited = client.nodes().withName(next.nodeName()).edit(n -> {
            NodeBuilder b = new NodeBuilder(n);
            java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(
                    n.getMetadata().getLabels() == null
                            ? java.util.Map.of()
                            : n.getMetadata().getLabels());
            previous.labels().keySet().stream()
                    .filter(k -> !next.labels().containsKey(k))
                    .forEach(labels::remove);
            labels.putAll(next.labels());
            List<io.fabric8.kubernetes.api.model.Taint> taints = new ArrayList<>();
            if (n.getSpec() != null && n.getSpec().getTaints() != null) {
                n.getSpec().getTaints().stream()
                        .filter(t -> previous.taints().stream().noneMatch(o -> sameTaint(o, t)))
                        .forEach(taints::add);
            }
            taints.addAll(0, next.taints());
            return b.editMetadata()
                    .withLabels(labels)
                    .endMetadata()
                    .editOrNewSpec()
                    .withTaints(taints)
                    .endSpec()
                    .build();
        });
        postStatus(edited);
    }

    private static boolean sameTaint(io.fabric8.kubernetes.api.model.Taint a, io.fabric8.kubernetes.api.model.Taint b) {
        return Objects.equals(a.getKey(), b.getKey()) && Objects.equals(a.getEffect(), b.getEffect());
    }

    /** Stops the heartbeats, then deletes the Node and its Lease (the VirtualNode is gone). */
    public void deregister() {
        close();
        String name = settings.nodeName();
        client.nodes().withName(name).delete();
        LOG.info("Deleted node {}", name);
        try {
            // the Lease is owned by the Node, so the garbage collector removes it anyway; this is only quicker
            client.leases().inNamespace(LEASE_NAMESPACE).withName(name).delete();
        } catch (KubernetesClientException e) {
            LOG.debug("Lease {} left to the garbage collector: {}", name, e.getMessage());
        }
    }

    public boolean providerHealthy() {
        return providerHealthy;
    }

    /** Creates the Node, or brings an existing one to our labels, taints, addresses and status. */
    public synchronized void register() {
        Node existing = client.nodes().withName(settings.nodeName()).get();
        if (existing == null) {
            Node node = new NodeBuilder()
                    .withNewMetadata()
                    .withName(settings.nodeName())
                    .withLabels(settings.labels())
                    .endMetadata()
                    .withNewSpec()
                    .withTaints(settings.taints())
                    .endSpec()
                    .build();
            try {
                existing = client.nodes().resource(node).create();
                LOG.info("Registered node {}", settings.nodeName());
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                existing = client.nodes().withName(settings.nodeName()).get();
            }
        } else {
            existing = client.nodes()
                    .withName(settings.nodeName())
                    .edit(n -> new NodeBuilder(n)
                            .editMetadata()
                            .addToLabels(settings.labels())
                            .endMetadata()
                            .editOrNewSpec()
                            .withTaints(mergeTaints(n))
                            .endSpec()
                            .build());
        }
        postStatus(existing);
    }

    private List<io.fabric8.kubernetes.api.model.Taint> mergeTaints(Node n) {
        List<io.fabric8.kubernetes.api.model.Taint> taints = new ArrayList<>(settings.taints());
        if (n.getSpec() != null && n.getSpec().getTaints() != null) {
            for (io.fabric8.kubernetes.api.model.Taint t : n.getSpec().getTaints()) {
                boolean ours = taints.stream()
                        .anyMatch(o ->
                                o.getKey().equals(t.getKey()) && o.getEffect().equals(t.getEffect()));
                if (!ours) {
                    taints.add(t); // keep taints others put on (e.g. node.kubernetes.io/unreachable)
                }
            }
        }
        return taints;
    }

    /** The status the Node should have now; conditions keep their transition time while unchanged. */
    NodeStatus desiredStatus(Node current) {
        String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
        List<NodeCondition> conditions = new ArrayList<>();
        List<NodeCondition> previous = current != null
                        && current.getStatus() != null
                        && current.getStatus().getConditions() != null
                ? current.getStatus().getConditions()
                : List.of();
        conditions.add(condition(
                previous,
                "Ready",
                providerHealthy,
                providerHealthy ? "KubeletReady" : "ProviderUnreachable",
                providerHealthy ? "the ECI provider answers" : providerProblem,
                now));
        conditions.add(condition(previous, "MemoryPressure", false, "KubeletHasSufficientMemory", "virtual node", now));
        conditions.add(condition(previous, "DiskPressure", false, "KubeletHasNoDiskPressure", "virtual node", now));
        conditions.add(condition(previous, "PIDPressure", false, "KubeletHasSufficientPID", "virtual node", now));
        conditions.add(condition(previous, "NetworkUnavailable", false, "RouteCreated", "virtual node", now));
        return new NodeStatusBuilder()
                .withCapacity(settings.capacity())
                .withAllocatable(settings.capacity())
                .withConditions(conditions)
                .withAddresses(
                        new NodeAddressBuilder()
                                .withType("InternalIP")
                                .withAddress(settings.nodeIp())
                                .build(),
                        new NodeAddressBuilder()
                                .withType("Hostname")
                                .withAddress(settings.nodeName())
                                .build())
                .withNewDaemonEndpoints()
                .withNewKubeletEndpoint()
                .withPort(settings.kubeletPort())
                .endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture("amd64")
                .withOperatingSystem("linux")
                .withKubeletVersion("v1.32.0-ecivk-" + settings.version())
                .withKubeProxyVersion("")
                .withContainerRuntimeVersion("eci://2018-08-08")
                .withOsImage("Alibaba Cloud Elastic Container Instance")
                .withKernelVersion("")
                .withMachineID(settings.nodeName())
                .withSystemUUID(settings.nodeName())
                .withBootID("")
                .endNodeInfo()
                .build();
    }

    private static NodeCondition condition(
            List<NodeCondition> previous, String type, boolean value, String reason, String message, String now) {
        String status = value ? "True" : "False";
        String transition = previous.stream()
                .filter(c ->
                        type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null)
                .map(NodeCondition::getLastTransitionTime)
                .findFirst()
                .orElse(now);
        return new NodeConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withLastHeartbeatTime(now)
                .withLastTransitionTime(transition)
                .build();
    }

    private void postStatus(Node current) {
        Node updated =
                new NodeBuilder(current).withStatus(desiredStatus(current)).build();
        client.nodes().resource(updated).updateStatus();
    }

    /** Pings the provider (bounded by the ping interval) and re-posts the Node status. */
    void heartbeat() {
        boolean before = providerHealthy;
        checkProvider();
        Node node = client.nodes().withName(settings.nodeName()).get();
        if (node == null) {
            LOG.warn("Node {} was deleted; registering it again", settings.nodeName());
            register();
            return;
        }
        if (before != providerHealthy || statusDue(node)) {
            postStatus(node);
        }
    }

    private boolean statusDue(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return true;
        }
        return node.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()))
                .map(NodeCondition::getLastHeartbeatTime)
                .filter(Objects::nonNull)
                .map(Instant::parse)
                .noneMatch(t -> t.plus(settings.statusInterval()).isAfter(clock.instant()));
    }

    private void checkProvider() {
        Future<Void> f = pingThread.submit(providerPing);
        boolean ok;
        try {
            f.get(Math.max(settings.pingInterval().toMillis(), 1000), TimeUnit.MILLISECONDS);
            ok = true;
        } catch (TimeoutException e) {
            f.cancel(true);
            providerProblem = "The provider did not answer within "
                    + settings.pingInterval().toSeconds() + "s.";
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            providerProblem = "The provider does not answer: " + cause.getMessage();
            ok = false;
        }
        if (ok != providerHealthy) {
            LOG.info("Provider is {}", ok ? "reachable" : "unreachable: " + providerProblem);
        }
        providerHealthy = ok;
        listener.onProviderHealth(ok);
    }

    private void heartbeatQuietly() {
        try {
            heartbeat();
        } catch (RuntimeException e) {
            LOG.warn("Node heartbeat failed: {}", e.getMessage());
        }
    }

    /** Renews (or creates) the node Lease; never waits on the provider. */
    void renewLease() {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            java.time.ZonedDateTime now =
                    java.time.ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
            Lease existing = client.leases()
                    .inNamespace(LEASE_NAMESPACE)
                    .withName(settings.nodeName())
                    .get();
            if (existing == null) {
                Node node = client.nodes().withName(settings.nodeName()).get();
                LeaseBuilder lease = new LeaseBuilder()
                        .withNewMetadata()
                        .withName(settings.nodeName())
                        .withNamespace(LEASE_NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity(settings.nodeName())
                        .withLeaseDurationSeconds((int) settings.leaseDuration().toSeconds())
                        .withRenewTime(now)
                        .endSpec();
                if (node != null) {
                    lease.editMetadata()
                            .withOwnerReferences(new OwnerReferenceBuilder()
                                    .withApiVersion("v1")
                                    .withKind("Node")
                                    .withName(node.getMetadata().getName())
                                    .withUid(node.getMetadata().getUid())
                                    .build())
                            .endMetadata();
                }
                client.leases()
                        .inNamespace(LEASE_NAMESPACE)
                        .resource(lease.build())
                        .create();
            } else {
                Lease renewed = new LeaseBuilder(existing)
                        .editSpec()
                        .withHolderIdentity(settings.nodeName())
                        .withLeaseDurationSeconds((int) settings.leaseDuration().toSeconds())
                        .withRenewTime(now)
                        .endSpec()
                        .build();
                client.leases().inNamespace(LEASE_NAMESPACE).resource(renewed).update();
            }
            ok = true;
        } finally {
            listener.onLeaseRenewal(Duration.ofNanos(System.nanoTime() - started), ok);
        }
    }

    private void renewLeaseQuietly() {
        try {
            renewLease();
        } catch (RuntimeException e) {
            LOG.warn("Lease renewal failed: {}", e.getMessage());
        }
    }

    private void watchForDeletion() {
        if (closed) {
            return;
        }
        watch = client.nodes().withName(settings.nodeName()).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Node node) {
                if (action == Action.DELETED && !closed) {
                    statusThread.execute(() -> {
                        try {
                            LOG.warn("Node {} was deleted; registering it again", settings.nodeName());
                            register();
                        } catch (RuntimeException e) {
                            LOG.warn("Re-registering node failed: {}", e.getMessage());
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
    }

    @Override
    public void close() {
        closed = true;
        if (watch != null) {
            watch.close();
        }
        leaseThread.shutdownNow();
        statusThread.shutdownNow();
        pingThread.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(daemon(name));
    }
}
