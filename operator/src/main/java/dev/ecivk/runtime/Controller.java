package dev.ecivk.runtime;

import dev.ecivk.cloud.AccountQuota;
import dev.ecivk.cloud.CloudKnowledge;
import dev.ecivk.config.CloudOptions;
import dev.ecivk.config.OperatorConfig;
import dev.ecivk.crd.VirtualNodeStatus;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.imagecache.ImageCacheReconciler;
import dev.ecivk.kube.ClusterDns;
import dev.ecivk.kube.CustomResources;
import dev.ecivk.kubelet.HostAddress;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.MetricsServer;
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
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code run} starts, in order, and stops in reverse: metrics and health, the nodes ({@link ServedNodes}),
 * the VirtualNode and ImageCache controllers. Wiring only.
 */
public final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    static final Duration VIRTUAL_NODE_STATUS_INTERVAL = Duration.ofSeconds(15);

    /** Who this process is, in the VirtualNode status it writes: the Pod's name inside a cluster. */
    static final String CONTROLLER_IDENTITY = HostAddress.hostName();

    /** The node runtimes; null until the shared parts they run on are built. */
    private volatile ServedNodes nodes;

    private volatile VirtualNodeReconciler virtualNodes;
    private final HealthChecks health = new HealthChecks();
    private MetricsServer metricsServer;
    private Operator operator;
    private volatile OperatorConfig config;
    private volatile ControllerMetrics metrics;

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
        metrics.registerPodsRemembered(
                () -> runtimes().stream().mapToLong(NodeRuntime::podsRemembered).sum());
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
        NodeSettings.Addresses addresses =
                new NodeSettings.Addresses(nodeIp, config.nodeHostname(), config.nodeExternalIp());
        Optional<AccountUsage> usage = accountUsage(backend);
        WatchedClusterReads clusterReads = new WatchedClusterReads(client, clock);
        closeables.add(clusterReads);
        CloudKnowledge.Registry cloud = cloudKnowledge(config, metrics, clock);
        closeables.add(cloud);
        metrics.registerRefWatches(clusterReads.watchCounts().keySet(), clusterReads::watchCounts);
        ImageCacheLookup imageCaches = ImageCacheLookup.start(client, CustomResources.imageCachesInstalled(client));
        closeables.add(imageCaches);
        nodes = new ServedNodes(new NodeRuntime.Shared(
                config,
                client,
                backends,
                metrics,
                clock,
                health,
                addresses,
                ClusterDns.of(client, config.clusterDns(), clock),
                clusterReads,
                imageCaches,
                cloud));

        // The node of --node-name is always served from the options; VirtualNodes add more nodes.
        nodes.serve(NodePlans.fromOptions(config, usage));
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
                nodes,
                NodePlans.virtualNodeDefaults(config, usage),
                cloud.of(backend.provider())
                        .quota()
                        .map(AccountQuota::cached)
                        .orElse(backend.provider() instanceof CloudAccount account ? account : null),
                new EventRecorder(client, "ecivk", config.nodeName(), metrics),
                clock,
                VIRTUAL_NODE_STATUS_INTERVAL,
                new VirtualNodeStatus.ServedBy(config.installName(), CONTROLLER_IDENTITY));
        String selector = NodePlans.virtualNodeSelector(config);
        operator.register(
                virtualNodes,
                o -> o.withRetry(new dev.ecivk.pod.JitteredRetry(Duration.ofMillis(500), Duration.ofMinutes(1)))
                        .withLabelSelector(selector));
        registerCustomResourceControllers(client, backend, config, clock);
        operator.start();
        health.markInformersSynced(true);
        LOG.info("Serving node {} and the VirtualNodes selected by '{}'", config.nodeName(), selector);
    }

    /** What the controller learns of each backend's cloud account; the account metrics follow its quota. */
    static CloudKnowledge.Registry cloudKnowledge(OperatorConfig config, ControllerMetrics metrics, Clock clock) {
        CloudOptions o = config.cloud();
        return new CloudKnowledge.Registry(
                new CloudKnowledge.Settings(
                        o.stockAwarePlacement(),
                        o.stockCacheTtl(),
                        o.quotaRefreshInterval(),
                        o.podCost(),
                        o.priceCacheTtl()),
                clock,
                usage -> metrics.cloud().accountCpu(usage.usedCpu(), usage.maxCpu()));
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
        ServedNodes served = nodes;
        return served == null ? null : served.shared().backends().defaultBackend();
    }

    /** Every node runtime this controller serves. */
    List<NodeRuntime> runtimes() {
        ServedNodes served = nodes;
        return served == null ? List.of() : served.all();
    }

    /** The runtime of the node of {@code --node-name}. */
    NodeRuntime node() {
        return firstNode();
    }

    /** The runtime of a node by name, for tests. */
    NodeRuntime node(String nodeName) {
        ServedNodes served = nodes;
        return served == null ? null : served.get(nodeName);
    }

    /** The served node of a name, as the VirtualNode reconciler sees it. */
    Optional<NodeRuntimes.ServedNode> served(String nodeName) {
        ServedNodes served = nodes;
        return served == null ? Optional.empty() : served.served(nodeName);
    }

    private NodeRuntime firstNode() {
        return config == null ? null : node(config.nodeName());
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
        ServedNodes served = nodes;
        List<NodeRuntime> running = served == null ? List.of() : served.detachAll();
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
