package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.kubeletapi.KubeletServer;
import dev.ecivk.kubeletapi.KubeletServerConfig;
import dev.ecivk.kubeletapi.PodDirectory;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.PodOperation;
import dev.ecivk.metrics.PodStartStage;
import dev.ecivk.node.NodeController;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.NodeRuntimes;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.pod.ContainerGroupSource;
import dev.ecivk.pod.GroupEventFeed;
import dev.ecivk.pod.NodeChores;
import dev.ecivk.pod.NodePodDefaults;
import dev.ecivk.pod.OrphanCollector;
import dev.ecivk.pod.PodControllerRegistration;
import dev.ecivk.pod.PodReconciler;
import dev.ecivk.pod.PodSettings;
import dev.ecivk.pod.PodWorkQueues;
import dev.ecivk.pod.PodsFirst;
import dev.ecivk.pod.QueuedPodEvents;
import dev.ecivk.pod.RefResolver;
import dev.ecivk.provider.EventFeed;
import dev.ecivk.provider.StatusFeed;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that serves one virtual node: its Node and Lease, a status poller, a Pod controller in its own JOSDK
 * {@link Operator} (JOSDK refuses registrations after start, so each dynamically added node gets one; they share the
 * Kubernetes client), the orphan collector and a kubelet API server on its own port. Wiring only.
 */
final class NodeRuntime implements NodeRuntimes.ServedNode, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

    /** What every node runtime of the process shares. */
    record Shared(
            OperatorConfig config,
            KubernetesClient client,
            Backends backends,
            ControllerMetrics metrics,
            Clock clock,
            HealthChecks health,
            NodeSettings.Addresses addresses,
            Supplier<String> clusterDns,
            dev.ecivk.pod.ClusterReads clusterReads,
            Function<String, Optional<NodePodDefaults.ImageCacheView>> imageCaches,
            dev.ecivk.cloud.CloudKnowledge.Registry cloud) {}

    private final String nodeName;
    private final int requestedPort;
    private volatile NodePlan plan;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private NodeController node;
    private ContainerGroupSource groups;
    private volatile PodReconciler reconciler;
    private OrphanCollector orphans;
    private KubeletServer kubelet;
    private Operator operator;

    private NodeRuntime(NodePlan plan, int requestedPort) {
        this.nodeName = plan.nodeName();
        this.plan = plan;
        this.requestedPort = requestedPort;
    }

    /** Starts a node; returns once its Node is registered and its Pod informer has synced. */
    static NodeRuntime start(Shared shared, NodePlan plan, int kubeletPort) {
        NodeRuntime runtime = new NodeRuntime(plan, kubeletPort);
        try {
            runtime.startAll(shared);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    private void startAll(Shared s) {
        OperatorConfig config = s.config();
        LOG.info(
                "Starting virtual node {} ({}) on {} in {}",
                nodeName,
                s.addresses().internalIp(),
                plan.provider(),
                plan.vSwitchIds());
        s.metrics().registerNode(nodeName);
        Backend backend = s.backends().forKind(plan.provider());
        operator = new Operator(o -> o.withKubernetesClient(s.client())
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withResourceCloner(dev.ecivk.pod.ReadOnlyPods.CLONER)
                .withConcurrentReconciliationThreads(config.workers())
                .withMetrics(s.metrics().josdkMetrics())
                .withReconciliationTerminationTimeout(Duration.ofSeconds(20)));
        groups = new ContainerGroupSource(
                "groups-" + nodeName,
                backend.provider(),
                PodReconciler.nodeSelector(config.clusterId(), nodeName),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                config.statusSyncInterval(),
                s.clock(),
                (took, count, ok) -> s.metrics().statusSync(took, Math.max(1, (count + 19) / 20)),
                backend.provider() instanceof StatusFeed feed
                        ? new ContainerGroupSource.Feed(feed, config.statusResyncInterval())
                        : null);
        PodSettings podSettings = new PodSettings(
                nodeName,
                s.addresses().internalIp(),
                config.clusterId(),
                plan.regionId(),
                plan.vSwitchIds(),
                plan.randomVSwitchOrder(),
                plan.securityGroupId(),
                config.eciResourceGroupId(),
                config.clusterDomain(),
                s.clusterDns(),
                config.statusSyncInterval(),
                config.orphanGcInterval(),
                config.orphanGrace());
        RefResolver refResolver = new RefResolver(s.client(), s.clusterReads());
        EventRecorder recorder = new EventRecorder(s.client(), "ecivk", nodeName, s.metrics());
        PodsFirst podsFirst = new PodsFirst(
                () -> {
                    PodReconciler r = reconciler;
                    return r == null ? 0 : r.podsOnTheirWay();
                },
                busyAt(config.workers()),
                PodsFirst.MAX_DEFERRAL);
        QueuedPodEvents events = new QueuedPodEvents(
                recorder, nodeName, podsFirst, () -> s.metrics().eventFailed("QueueFull"));
        closeables.add(events);
        NodePodDefaults defaults = new NodePodDefaults(() -> plan.podAnnotationDefaults(), s.imageCaches());
        NodeCloud cloud = new NodeCloud(
                config,
                s.cloud().of(backend.provider()),
                plan,
                groups,
                s.client(),
                events,
                podsFirst,
                s.metrics(),
                s.clock());
        closeables.add(cloud);
        reconciler = new PodReconciler(
                s.client(),
                backend.provider(),
                groups,
                refResolver::resolve,
                events,
                podSettings,
                defaults,
                cloud.placement(),
                cloud.costs(),
                s.clock(),
                new PodReconciler.StartListener() {
                    @Override
                    public void onCreated(Pod pod, Duration sinceBound) {
                        s.metrics().podStartLatency(PodStartStage.CONTAINER_GROUP, sinceBound);
                        s.metrics().podOperationSucceeded(PodOperation.CREATE);
                    }

                    @Override
                    public void onRunning(Pod pod, Duration sinceBound) {
                        s.metrics().podStartLatency(PodStartStage.RUNNING, sinceBound);
                    }
                });
        closeables.add(reconciler.startStatusLane(statusWriters(config.workers())));
        KubeletServerConfig kubeletConfig = KubeletServerConfig.of(
                        nodeName, s.addresses().internalIp(), config.kubeletBindAddress(), requestedPort)
                .withAnonymousAuth(config.kubeletAnonymousAuth());
        if (config.kubeletTlsCert() != null) {
            kubeletConfig = kubeletConfig.withTls(config.kubeletTlsCert(), config.kubeletTlsKey());
        }
        if (config.kubeletClientCa() != null) {
            kubeletConfig = kubeletConfig.withClientCa(config.kubeletClientCa());
        }
        kubelet = new KubeletServer(kubeletConfig, podDirectory(reconciler), backend.access(), s.client(), s.clock())
                .onRequest(s.metrics()::kubeletRequest);
        try {
            kubelet.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the kubelet API on port " + requestedPort, e);
        }
        closeables.add(kubelet);

        node = new NodeController(
                s.client(),
                nodeSettings(plan, s.addresses(), kubelet.port()),
                () -> {
                    // a status round that succeeded lately proves the provider answers: no extra call
                    if (!groups.answeredWithin(config.statusSyncInterval().multipliedBy(3))) {
                        backend.provider().ping();
                    }
                    return null;
                },
                s.clock(),
                new NodeController.Listener() {
                    @Override
                    public void onLeaseRenewal(Duration took, boolean ok) {
                        s.metrics().leaseRenewal(nodeName, took, ok);
                    }

                    @Override
                    public void onProviderHealth(boolean healthy) {
                        s.health().providerReachable(healthy);
                    }

                    @Override
                    public void onRegistration(String problem) {
                        s.health().nodeRegistration(nodeName, problem);
                    }
                });
        node.start();
        closeables.add(node);
        PodControllerRegistration.register(operator, reconciler, nodeName);

        AtomicBoolean podCacheSynced = new AtomicBoolean();
        orphans = new OrphanCollector(
                s.client(),
                backend.provider(),
                groups,
                reconciler::cachedPods,
                podCacheSynced::get,
                config.orphanGrace(),
                s.clock(),
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME);
        operator.start(); // returns once the informers have synced
        podCacheSynced.set(true);

        NodeChores chores = new NodeChores(nodeName)
                .collectOrphans(orphans, config.orphanGcInterval(), s.metrics()::orphansCollected);
        closeables.add(chores);
        cloud.start(node, reconciler, recorder, chores);
        if (backend.provider() instanceof EventFeed eventFeed) {
            // the groups' events, for the whole node per round, on the orphan collector's (mostly idle) thread
            chores.forwardEvents(
                    new GroupEventFeed(
                            eventFeed,
                            PodReconciler.nodeSelector(config.clusterId(), nodeName),
                            ContainerGroupSource.windowFor(config.eventSyncInterval()),
                            groups,
                            events,
                            podsFirst),
                    config.eventSyncInterval());
        }
        LOG.info("Virtual node {} is serving (kubelet API on port {})", nodeName, kubelet.port());
    }

    /** The status lane's writers: half the reconcile workers, at least two. */
    static int statusWriters(int workers) {
        return Math.max(2, workers / 2);
    }

    static NodeSettings nodeSettings(NodePlan plan, NodeSettings.Addresses addresses, int kubeletPort) {
        return new NodeSettings(
                plan.nodeName(),
                addresses,
                kubeletPort,
                plan.capacity(),
                NodeSettings.defaultLabels(plan.nodeName(), plan.labels()),
                plan.taints(),
                BuildInfo.version(),
                NodeSettings.Timings.KUBELET);
    }

    /** The node's Pods as the kubelet API sees them, each with the group that runs it. */
    private static PodDirectory podDirectory(PodReconciler reconciler) {
        return new PodDirectory() {
            @Override
            public List<Pod> pods() {
                return reconciler.cachedPods();
            }

            @Override
            public Optional<String> containerGroupId(Pod pod) {
                return reconciler.groupIdOf(pod);
            }
        };
    }

    /** Applies Node-level edits (capacity, labels, taints, Pod defaults) in place; the placement must be the same. */
    void reconfigure(NodePlan next, NodeSettings.Addresses addresses) {
        if (!next.samePlacement(plan)) {
            throw new IllegalArgumentException("placement changed; restart the runtime");
        }
        NodePlan previous = plan;
        plan = next;
        if (!previous.equals(next)) {
            node.reconfigure(nodeSettings(next, addresses, kubelet.port()));
            LOG.info("Virtual node {} reconfigured", nodeName);
        }
    }

    /**
     * How many Pods on their way to a status write make the node busy, so that its Events and price annotations wait
     * ({@link PodsFirst}): a quarter of the reconcile threads, which a burst keeps all busy and light churn does not.
     */
    static int busyAt(int workers) {
        return Math.max(2, workers / 4);
    }

    /** Pods of this node waiting for their container group (the create work queue). */
    long pendingCreates() {
        PodReconciler r = reconciler;
        ContainerGroupSource g = groups;
        return r == null || g == null ? 0 : PodWorkQueues.pendingCreates(r.cachedPods(), g);
    }

    /** Pods of this node being deleted (the delete work queue). */
    long pendingDeletes() {
        PodReconciler r = reconciler;
        return r == null ? 0 : PodWorkQueues.pendingDeletes(r.cachedPods());
    }

    /** Pods the node's reconciler keeps something about between reconciles. */
    long podsRemembered() {
        PodReconciler r = reconciler;
        return r == null ? 0 : r.podsRemembered();
    }

    String nodeName() {
        return nodeName;
    }

    int requestedPort() {
        return requestedPort;
    }

    int kubeletPort() {
        return kubelet == null ? -1 : kubelet.port();
    }

    NodeController node() {
        return node;
    }

    ContainerGroupSource groups() {
        return groups;
    }

    PodReconciler reconciler() {
        return reconciler;
    }

    OrphanCollector orphans() {
        return orphans;
    }

    @Override
    public NodePlan plan() {
        return plan;
    }

    @Override
    public boolean providerHealthy() {
        return node != null && node.providerHealthy();
    }

    @Override
    public List<Pod> pods() {
        return reconciler == null ? List.of() : reconciler.cachedPods();
    }

    @Override
    public int containerGroups() {
        return groups == null ? 0 : groups.snapshot().size();
    }

    @Override
    public int deletePods() {
        return reconciler == null ? 0 : reconciler.deleteAllPods();
    }

    /** Stops the runtime and deletes its Node and Lease. */
    void stopAndDeregister() {
        close();
        if (node != null) {
            node.deregister();
        }
    }

    /** Stops new work and lets in-flight reconciles finish; never deletes a container group. */
    @Override
    public void close() {
        if (operator != null) {
            try {
                operator.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the operator of {} failed: {}", nodeName, e.getMessage());
            }
        }
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("Shutdown step of {} failed: {}", nodeName, e.getMessage());
            }
        }
        closeables.clear();
    }
}
