package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.VSwitchStrategy;
import dev.ecivk.crd.VirtualNodeStatus;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.imagecache.ImageCacheReconciler;
import dev.ecivk.kube.ClusterDns;
import dev.ecivk.kube.CustomResources;
import dev.ecivk.kubelet.HostAddress;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.MetricsServer;
import dev.ecivk.node.NodeCapacity;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.NodeRuntimes;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.node.VirtualNodeReconciler;
import dev.ecivk.node.VirtualNodeSpecs;
import dev.ecivk.pod.ImageCacheLookup;
import dev.ecivk.pod.WatchedClusterReads;
import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ImageCaches;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.AccountUsage;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything {@code run} starts, in order, and stops in reverse. Wiring only. */
public final class Controller implements NodeRuntimes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    static final Duration VIRTUAL_NODE_STATUS_INTERVAL = Duration.ofSeconds(15);

    /** Who this process is, in the VirtualNode status it writes: the Pod's name inside a cluster. */
    static final String CONTROLLER_IDENTITY = HostAddress.hostName();

    private final Map<String, NodeRuntime> nodes = new ConcurrentHashMap<>();
    private final Map<String, Object> nodeLocks = new ConcurrentHashMap<>();
    private final Set<String> phaseGauges = ConcurrentHashMap.newKeySet();
    private volatile VirtualNodeReconciler virtualNodes;
    private volatile NodeSettings.Addresses addresses;
    private final HealthChecks health = new HealthChecks();
    private MetricsServer metricsServer;
    private Operator operator;
    private volatile OperatorConfig config;
    private volatile ControllerMetrics metrics;
    private NodeRuntime.Shared shared;

    /** Starts against the configured backend with a given client (which the caller closes). */
    public static Controller start(OperatorConfig config, KubernetesClient client) throws Exception {
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        metrics.bindJvmMetrics();
        Backends backends = Backends.start(config, metrics, client);
        return start(config, client, backends, metrics, Clock.systemUTC());
    }

    /** Starts with a given client and backend (tests pass the mock server and the embedded ECI). */
    static Controller start(
            OperatorConfig config, KubernetesClient client, Backend backend, ControllerMetrics metrics, Clock clock) {
        return start(config, client, Backends.only(config.provider(), backend), metrics, clock);
    }

    /** Starts with a given client and backends. */
    static Controller start(
            OperatorConfig config, KubernetesClient client, Backends backends, ControllerMetrics metrics, Clock clock) {
        Controller controller = new Controller();
        Backend backend = backends.defaultBackend();
        controller.closeables.add(backends);
        controller.closeables.add(metrics);
        try {
            controller.startAll(config, client, backends, metrics, clock);
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    private void startAll(
            OperatorConfig config, KubernetesClient client, Backends backends, ControllerMetrics metrics, Clock clock) {
        Backend backend = backends.defaultBackend();
        String nodeIp = config.nodeIp() != null ? config.nodeIp() : HostAddress.firstNonLoopback();
        LOG.info(
                "Starting controller {} of install {} for {} ({}), provider {}",
                CONTROLLER_IDENTITY,
                config.installName(),
                config.nodeName(),
                nodeIp,
                config.provider());
        health.leadership(config.leaderElection() ? HealthChecks.Leadership.LEADER : HealthChecks.Leadership.DISABLED);
        metrics.registerQueueDepth(
                "create",
                () -> runtimes().stream().mapToLong(NodeRuntime::pendingCreates).sum());
        metrics.registerQueueDepth(
                "delete",
                () -> runtimes().stream().mapToLong(NodeRuntime::pendingDeletes).sum());
        metrics.registerHealth(health);
        java.util.Map<String, String> reasons = new java.util.TreeMap<>();
        for (dev.ecivk.events.EventReason r : dev.ecivk.events.EventReason.values()) {
            reasons.put(r.name(), r.type().value());
        }
        metrics.registerKnownSeries(backend.cloudActions(), dev.ecivk.kubeletapi.KubeletServer.ROUTES, reasons);
        if (metrics.registry() instanceof PrometheusMeterRegistry prometheus) {
            try {
                metricsServer = MetricsServer.start(config.metricsPort(), prometheus, health);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve metrics on port " + config.metricsPort(), e);
            }
            closeables.add(metricsServer);
        }
        this.config = config;
        this.metrics = metrics;
        this.addresses = new NodeSettings.Addresses(nodeIp, config.nodeHostname(), config.nodeExternalIp());
        Optional<AccountUsage> usage = accountUsage(backend);
        WatchedClusterReads clusterReads = new WatchedClusterReads(client, clock);
        closeables.add(clusterReads);
        metrics.registerRefWatches(clusterReads.watchCounts().keySet(), clusterReads::watchCounts);
        ImageCacheLookup imageCaches = ImageCacheLookup.start(client, CustomResources.imageCachesInstalled(client));
        closeables.add(imageCaches);
        this.shared = new NodeRuntime.Shared(
                config,
                client,
                backends,
                metrics,
                clock,
                health,
                addresses,
                ClusterDns.of(client, config.clusterDns(), clock),
                clusterReads,
                imageCaches);

        // The node of --node-name is always served from the options; VirtualNodes add more nodes.
        serve(planFromOptions(config, usage));
        if (!CustomResources.virtualNodesInstalled(client)) {
            LOG.info("The VirtualNode CRD is not installed: serving only node {}", config.nodeName());
            health.markInformersSynced(true);
            return;
        }
        operator = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withConcurrentReconciliationThreads(Math.max(2, Math.min(config.workers(), 8)))
                .withReconciliationTerminationTimeout(Duration.ofSeconds(20)));
        virtualNodes = new VirtualNodeReconciler(
                client,
                this,
                nodeDefaults(config, usage),
                backend.provider() instanceof CloudAccount account ? account : null,
                new EventRecorder(client, "ecivk", config.nodeName(), metrics),
                clock,
                VIRTUAL_NODE_STATUS_INTERVAL,
                new VirtualNodeStatus.ServedBy(config.installName(), CONTROLLER_IDENTITY));
        String selector = virtualNodeSelector(config);
        operator.register(
                virtualNodes,
                o -> o.withRetry(new dev.ecivk.pod.JitteredRetry(Duration.ofMillis(500), Duration.ofMinutes(1)))
                        .withLabelSelector(selector));
        registerCustomResourceControllers(client, backend, config, clock);
        operator.start();
        health.markInformersSynced(true);
        LOG.info("Serving node {} and the VirtualNodes selected by '{}'", config.nodeName(), selector);
    }

    /**
     * The VirtualNodes this install serves: those labelled with its name (never another install's), narrowed by
     * {@code --virtual-node-selector}.
     */
    static String virtualNodeSelector(OperatorConfig config) {
        String own = VirtualNodeSpecs.INSTALL_LABEL + "=" + config.installName();
        String extra = config.virtualNodeSelector();
        return extra == null || extra.isBlank() ? own : own + "," + extra;
    }

    /** The account's quota usage when the provider reports it (for {@code auto} capacity); empty otherwise. */
    private static Optional<AccountUsage> accountUsage(Backend backend) {
        if (!(backend.provider() instanceof CloudAccount account)) {
            return Optional.empty();
        }
        try {
            return Optional.of(account.usage());
        } catch (ProviderException e) {
            LOG.warn("The account's quota could not be read ({}); 'auto' capacity uses its fallback", e.code());
            return Optional.empty();
        }
    }

    /** The ImageCache controller, on the process-wide operator, when the provider and the cluster have both. */
    private void registerCustomResourceControllers(
            KubernetesClient client, Backend backend, OperatorConfig config, Clock clock) {
        if (!(backend.provider() instanceof ImageCaches caches)) {
            LOG.info("The provider has no image caches: ImageCache objects are not served");
            return;
        }
        if (!CustomResources.imageCachesInstalled(client)) {
            LOG.info("The ImageCache CRD is not installed: ImageCache objects are not served");
            return;
        }
        Duration poll = config.statusSyncInterval().compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1)
                : config.statusSyncInterval();
        operator.register(
                new ImageCacheReconciler(
                        client,
                        caches,
                        new ImageCacheReconciler.Defaults(
                                config.eciVSwitchIds().get(0), config.eciSecurityGroupId(), config.clusterId()),
                        new EventRecorder(client, "ecivk", config.nodeName(), metrics),
                        clock,
                        poll),
                o -> o.withRetry(new dev.ecivk.pod.JitteredRetry(Duration.ofSeconds(1), Duration.ofMinutes(2))));
    }

    static VirtualNodeSpecs.Defaults nodeDefaults(OperatorConfig config, Optional<AccountUsage> usage) {
        return new VirtualNodeSpecs.Defaults(
                config.provider().cliName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config, usage));
    }

    /** The node of {@code run --node-name}, from the options. */
    static NodePlan planFromOptions(OperatorConfig config, Optional<AccountUsage> usage) {
        return new NodePlan(
                config.provider().cliName(),
                config.nodeName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config, usage),
                Map.of("topology.kubernetes.io/region", config.eciRegion()),
                List.of(NodeSettings.providerTaint()),
                Map.of());
    }

    private static Map<String, Quantity> capacity(OperatorConfig config, Optional<AccountUsage> usage) {
        return NodeCapacity.resolve(config.nodeCpu(), config.nodeMemory(), config.nodePods(), config.nodeGpu(), usage);
    }

    // --- NodeRuntimes: the per-node runtimes, started and stopped by the VirtualNode reconciler ----------------

    /**
     * Starts, reconfigures or restarts a node's runtime. Only that node's lock is held while its runtime starts (network
     * I/O): other nodes, scrapes and status reads never wait for it.
     */
    @Override
    public ServedNode serve(NodePlan plan) {
        String name = plan.nodeName();
        synchronized (nodeLock(name)) {
            if (closed.get()) {
                throw new IllegalStateException("the controller is stopping");
            }
            NodeRuntime current = nodes.get(name);
            if (current != null && current.plan().samePlacement(plan)) {
                current.reconfigure(plan, addresses);
                return current;
            }
            int port;
            if (current != null) {
                LOG.info("Placement of node {} changed: restarting its runtime (Pods and groups are kept)", name);
                nodes.remove(name);
                current.close();
                port = current.requestedPort();
            } else {
                // the node named by --node-name gets --kubelet-port, every other one an ephemeral port
                port = name.equals(config.nodeName()) ? config.kubeletPort() : 0;
            }
            NodeRuntime runtime = NodeRuntime.start(shared, plan, port);
            if (closed.get()) {
                runtime.close();
                throw new IllegalStateException("the controller is stopping");
            }
            nodes.put(name, runtime);
            if (phaseGauges.add(name)) {
                metrics.registerPodsByPhase(name, () -> podsByPhase(nodes.get(name)));
            }
            return runtime;
        }
    }

    private Object nodeLock(String nodeName) {
        return nodeLocks.computeIfAbsent(nodeName, n -> new Object());
    }

    @Override
    public Optional<ServedNode> served(String nodeName) {
        return Optional.ofNullable(nodes.get(nodeName));
    }

    @Override
    public void stop(String nodeName, boolean deleteNode) {
        synchronized (nodeLock(nodeName)) {
            NodeRuntime runtime = nodes.remove(nodeName);
            if (runtime == null) {
                return;
            }
            if (deleteNode) {
                runtime.stopAndDeregister();
            } else {
                runtime.close();
            }
        }
    }

    private static Map<String, Long> podsByPhase(NodeRuntime runtime) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ControllerMetrics.POD_PHASES.forEach(p -> counts.put(p, 0L));
        if (runtime == null) {
            return counts;
        }
        for (io.fabric8.kubernetes.api.model.Pod pod : runtime.pods()) {
            String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null
                    ? "Pending"
                    : pod.getStatus().getPhase();
            counts.merge(phase, 1L, Long::sum);
        }
        return counts;
    }

    /** The port /metrics is served on (useful with --metrics-port 0). */
    int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    /** The port the kubelet API is served on (useful with --kubelet-port 0 in tests). */
    int kubeletPort() {
        NodeRuntime first = firstNode();
        return first == null ? -1 : first.kubeletPort();
    }

    HealthChecks health() {
        return health;
    }

    /** The provider and its resources. */
    Backend backend() {
        return shared == null ? null : shared.backends().defaultBackend();
    }

    /** Every node runtime this controller serves. */
    List<NodeRuntime> runtimes() {
        return List.copyOf(nodes.values());
    }

    /** The runtime of the node of {@code --node-name}. */
    NodeRuntime node() {
        return firstNode();
    }

    /** The runtime of a node by name, for tests. */
    NodeRuntime node(String nodeName) {
        return nodes.get(nodeName);
    }

    private NodeRuntime firstNode() {
        return config == null ? null : nodes.get(config.nodeName());
    }

    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** Stops new work, lets in-flight reconciles finish, and never deletes a container group. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (operator != null) {
            try {
                operator.stop();
            } catch (RuntimeException e) {
                LOG.warn("Stopping the operator failed: {}", e.getMessage());
            }
        }
        List<NodeRuntime> running = List.copyOf(nodes.values());
        nodes.clear();
        if (virtualNodes != null) {
            // nobody serves them now: their status must stop claiming Ready
            running.stream()
                    .map(r -> r.plan().labels().get(VirtualNodeSpecs.VIRTUAL_NODE_LABEL))
                    .filter(java.util.Objects::nonNull)
                    .forEach(vn -> virtualNodes.markNotServed(vn, "controller " + CONTROLLER_IDENTITY + " stopped"));
        }
        running.forEach(NodeRuntime::close);
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("Shutdown step failed: {}", e.getMessage());
            }
        }
        stopped.countDown();
    }
}
