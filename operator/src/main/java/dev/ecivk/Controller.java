package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.VSwitchStrategy;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.imagecache.ImageCacheReconciler;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.MetricsServer;
import dev.ecivk.node.NodePlan;
import dev.ecivk.node.NodeRuntimes;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.node.VirtualNodeReconciler;
import dev.ecivk.node.VirtualNodeSpecs;
import dev.ecivk.pod.PodControllerRegistration.PodWatchScope;
import dev.ecivk.provider.CloudAccount;
import dev.ecivk.provider.ImageCaches;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything {@code run} starts, in order, and stops in reverse. Wiring only. */
final class Controller implements NodeRuntimes, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    static final Duration VIRTUAL_NODE_STATUS_INTERVAL = Duration.ofSeconds(15);
    static final Duration DEFAULT_NODE_WAIT = Duration.ofSeconds(30);

    private final Map<String, NodeRuntime> nodes = new LinkedHashMap<>();
    private final Set<String> phaseGauges = ConcurrentHashMap.newKeySet();
    private final HealthChecks health = new HealthChecks();
    private MetricsServer metricsServer;
    private Operator operator;
    private OperatorConfig config;
    private ControllerMetrics metrics;
    private String nodeIp;
    private NodeRuntime.Shared shared;

    /** Starts against the configured cluster and backend. */
    static Controller start(OperatorConfig config) throws Exception {
        KubernetesClient client = kubernetesClient(config);
        Controller controller = start(config, client);
        controller.closeables.add(0, client);
        return controller;
    }

    /** Starts against the configured backend with a given client (which the caller closes). */
    static Controller start(OperatorConfig config, KubernetesClient client) throws Exception {
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        metrics.bindJvmMetrics();
        Backends backends = Backend.all(config, metrics, client);
        return start(config, client, backends, metrics, PodWatchScope.FIELD_SELECTOR, Clock.systemUTC());
    }

    /** Starts with a given client and backend (tests pass the mock server and the embedded ECI). */
    static Controller start(
            OperatorConfig config,
            KubernetesClient client,
            Backend backend,
            ControllerMetrics metrics,
            PodWatchScope scope,
            Clock clock) {
        return start(config, client, Backends.only(config.provider(), backend), metrics, scope, clock);
    }

    /** Starts with a given client and backends. */
    static Controller start(
            OperatorConfig config,
            KubernetesClient client,
            Backends backends,
            ControllerMetrics metrics,
            PodWatchScope scope,
            Clock clock) {
        Controller controller = new Controller();
        Backend backend = backends.defaultBackend();
        controller.closeables.add(backends);
        controller.closeables.add(metrics);
        try {
            controller.startAll(config, client, backends, metrics, scope, clock);
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    private void startAll(
            OperatorConfig config,
            KubernetesClient client,
            Backends backends,
            ControllerMetrics metrics,
            PodWatchScope scope,
            Clock clock) {
        Backend backend = backends.defaultBackend();
        String nodeIp = config.nodeIp() != null ? config.nodeIp() : Networking.firstNonLoopbackAddress();
        LOG.info("Starting controller for {} ({}), provider {}", config.nodeName(), nodeIp, config.provider());
        health.leadership(config.leaderElection() ? HealthChecks.Leadership.LEADER : HealthChecks.Leadership.DISABLED);
        metrics.registerQueueDepth(
                "create",
                () -> runtimes().stream().mapToLong(NodeRuntime::pendingCreates).sum());
        metrics.registerQueueDepth(
                "delete",
                () -> runtimes().stream().mapToLong(NodeRuntime::pendingDeletes).sum());
        metrics.registerHealth(health);
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
        this.nodeIp = nodeIp;
        this.shared = new NodeRuntime.Shared(
                config,
                client,
                backends,
                metrics,
                scope,
                clock,
                health,
                nodeIp,
                clusterDns(client, config.clusterDns(), clock),
                CustomResources.imageCacheLookup(client));

        if (!CustomResources.virtualNodesInstalled(client)) {
            LOG.info(
                    "The VirtualNode CRD is not installed: serving the single node {} from the options",
                    config.nodeName());
            serve(planFromOptions(config));
            health.markInformersSynced(true);
            LOG.info("Virtual node {} is serving", config.nodeName());
            return;
        }
        CustomResources.ensureDefaultVirtualNode(client, config.nodeName(), config.virtualNodeSelector());
        operator = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withConcurrentReconciliationThreads(Math.max(2, Math.min(config.workers(), 8)))
                .withReconciliationTerminationTimeout(Duration.ofSeconds(20)));
        VirtualNodeReconciler virtualNodes = new VirtualNodeReconciler(
                client,
                this,
                nodeDefaults(config),
                backend.provider() instanceof CloudAccount account ? account : null,
                new EventRecorder(client, "ecivk", config.nodeName(), metrics),
                clock,
                VIRTUAL_NODE_STATUS_INTERVAL);
        String selector = config.virtualNodeSelector();
        operator.register(virtualNodes, o -> {
            o.withRetry(new dev.ecivk.pod.JitteredRetry(Duration.ofMillis(500), Duration.ofMinutes(1)));
            if (selector != null && !selector.isBlank()) {
                o.withLabelSelector(selector);
            }
        });
        registerCustomResourceControllers(client, backend, config, clock);
        operator.start();
        health.markInformersSynced(true);
        LOG.info("Serving the VirtualNodes selected by '{}'", selector == null ? "" : selector);
        awaitServed(config.nodeName(), DEFAULT_NODE_WAIT);
    }

    /**
     * Waits (bounded) until the node of {@code --node-name} is served, so callers that embed the controller find its
     * Node and kubelet port as without the CRD. A VirtualNode the selector excludes, or an invalid one, is not waited
     * for beyond the bound.
     */
    private synchronized void awaitServed(String nodeName, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!nodes.containsKey(nodeName) && !closed.get()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                LOG.warn("VirtualNode {} is not served yet (not selected, or invalid: see its status)", nodeName);
                return;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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

    static VirtualNodeSpecs.Defaults nodeDefaults(OperatorConfig config) {
        return new VirtualNodeSpecs.Defaults(
                config.provider().cliName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config));
    }

    /** The single node of {@code run --node-name} when no VirtualNode CRD is installed. */
    static NodePlan planFromOptions(OperatorConfig config) {
        return new NodePlan(
                config.provider().cliName(),
                config.nodeName(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                capacity(config),
                Map.of("topology.kubernetes.io/region", config.eciRegion()),
                List.of(NodeSettings.providerTaint()),
                Map.of());
    }

    private static Map<String, Quantity> capacity(OperatorConfig config) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(config.nodeCpu()));
        capacity.put("memory", new Quantity(config.nodeMemory()));
        capacity.put("pods", new Quantity(config.nodePods()));
        capacity.put("ephemeral-storage", new Quantity("100Ti"));
        if (!"0".equals(config.nodeGpu())) {
            capacity.put("nvidia.com/gpu", new Quantity(config.nodeGpu()));
        }
        return capacity;
    }

    // --- NodeRuntimes: the per-node runtimes, started and stopped by the VirtualNode reconciler ----------------

    @Override
    public synchronized ServedNode serve(NodePlan plan) {
        if (closed.get()) {
            throw new IllegalStateException("the controller is stopping");
        }
        NodeRuntime current = nodes.get(plan.nodeName());
        if (current != null && current.plan().samePlacement(plan)) {
            current.reconfigure(plan, nodeIp);
            return current;
        }
        int port;
        if (current != null) {
            LOG.info(
                    "Placement of node {} changed: restarting its runtime (Pods and groups are kept)", plan.nodeName());
            nodes.remove(plan.nodeName());
            current.close();
            port = current.requestedPort();
        } else {
            // the node named by --node-name gets --kubelet-port, every other one an ephemeral port
            port = plan.nodeName().equals(config.nodeName()) ? config.kubeletPort() : 0;
        }
        NodeRuntime runtime = NodeRuntime.start(shared, plan, port);
        nodes.put(plan.nodeName(), runtime);
        notifyAll();
        if (phaseGauges.add(plan.nodeName())) {
            metrics.registerPodsByPhase(plan.nodeName(), () -> podsByPhase(nodes.get(plan.nodeName())));
        }
        return runtime;
    }

    @Override
    public synchronized Optional<ServedNode> served(String nodeName) {
        return Optional.ofNullable(nodes.get(nodeName));
    }

    @Override
    public synchronized void stop(String nodeName, boolean deleteNode) {
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
    synchronized List<NodeRuntime> runtimes() {
        return List.copyOf(nodes.values());
    }

    /** The runtime of the first (default) node, for tests. */
    synchronized NodeRuntime node() {
        return firstNode();
    }

    /** The runtime of a node by name, for tests. */
    synchronized NodeRuntime node(String nodeName) {
        return nodes.get(nodeName);
    }

    private synchronized NodeRuntime firstNode() {
        NodeRuntime named = config == null ? null : nodes.get(config.nodeName());
        return named != null ? named : nodes.values().stream().findFirst().orElse(null);
    }

    /** The cluster DNS Service IP: the option, else kube-system/kube-dns, looked up when first needed. */
    static Supplier<String> clusterDns(KubernetesClient client, String configured, Clock clock) {
        if (configured != null) {
            return () -> configured;
        }
        return new Supplier<>() {
            private volatile String found;
            private volatile Instant lastMiss = Instant.EPOCH;

            @Override
            public String get() {
                if (found != null || clock.instant().isBefore(lastMiss.plusSeconds(60))) {
                    return found;
                }
                try {
                    Service dns = client.services()
                            .inNamespace("kube-system")
                            .withName("kube-dns")
                            .get();
                    if (dns != null && dns.getSpec() != null && dns.getSpec().getClusterIP() != null) {
                        found = dns.getSpec().getClusterIP();
                        return found;
                    }
                } catch (RuntimeException e) {
                    LOG.warn("Could not read kube-system/kube-dns: {}", e.getMessage());
                }
                lastMiss = clock.instant();
                return null;
            }
        };
    }

    static KubernetesClient kubernetesClient(OperatorConfig config) throws IOException {
        if (config.kubeconfig() == null) {
            return new KubernetesClientBuilder().build();
        }
        String kubeconfig = Files.readString(config.kubeconfig());
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig))
                .build();
    }

    void awaitShutdown() throws InterruptedException {
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
        List<NodeRuntime> running;
        synchronized (this) {
            running = new ArrayList<>(nodes.values());
            nodes.clear();
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
