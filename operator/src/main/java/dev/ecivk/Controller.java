package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.VSwitchStrategy;
import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.kubeletapi.AnnotatedPodDirectory;
import dev.ecivk.kubeletapi.KubeletServer;
import dev.ecivk.kubeletapi.KubeletServerConfig;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.MetricsServer;
import dev.ecivk.metrics.PodOperation;
import dev.ecivk.metrics.PodStartStage;
import dev.ecivk.node.NodeController;
import dev.ecivk.node.NodeSettings;
import dev.ecivk.pod.ContainerGroupSource;
import dev.ecivk.pod.OrphanCollector;
import dev.ecivk.pod.PodControllerRegistration;
import dev.ecivk.pod.PodControllerRegistration.PodWatchScope;
import dev.ecivk.pod.PodEventSink;
import dev.ecivk.pod.PodReconciler;
import dev.ecivk.pod.PodSettings;
import dev.ecivk.pod.RefResolver;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.translate.OwnershipTags;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything {@code run} starts, in order, and stops in reverse. Wiring only. */
final class Controller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Controller.class);

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final List<NodeRuntime> nodes = new ArrayList<>();
    private final HealthChecks health = new HealthChecks();
    private MetricsServer metricsServer;
    private KubeletServer kubelet;
    private Backend backend;
    private Operator operator;

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
        Backend backend = Backend.create(config, metrics);
        return start(config, client, backend, metrics, PodWatchScope.FIELD_SELECTOR, Clock.systemUTC());
    }

    /** Starts with a given client and backend (tests pass the mock server and the embedded ECI). */
    static Controller start(
            OperatorConfig config,
            KubernetesClient client,
            Backend backend,
            ControllerMetrics metrics,
            PodWatchScope scope,
            Clock clock) {
        Controller controller = new Controller();
        controller.backend = backend;
        controller.closeables.add(backend);
        controller.closeables.add(metrics);
        try {
            controller.startAll(config, client, backend, metrics, scope, clock);
        } catch (RuntimeException e) {
            controller.close();
            throw e;
        }
        return controller;
    }

    private void startAll(
            OperatorConfig config,
            KubernetesClient client,
            Backend backend,
            ControllerMetrics metrics,
            PodWatchScope scope,
            Clock clock) {
        String nodeIp = config.nodeIp() != null ? config.nodeIp() : Networking.firstNonLoopbackAddress();
        LOG.info("Starting virtual node {} ({}), provider {}", config.nodeName(), nodeIp, config.provider());
        health.leadership(config.leaderElection() ? HealthChecks.Leadership.LEADER : HealthChecks.Leadership.DISABLED);
        metrics.registerHealth(health);
        if (metrics.registry() instanceof PrometheusMeterRegistry prometheus) {
            try {
                metricsServer = MetricsServer.start(config.metricsPort(), prometheus, health);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot serve metrics on port " + config.metricsPort(), e);
            }
            closeables.add(metricsServer);
        }

        operator = new Operator(o -> o.withKubernetesClient(client)
                .withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false)
                .withConcurrentReconciliationThreads(config.workers())
                .withMetrics(metrics.josdkMetrics())
                .withReconciliationTerminationTimeout(Duration.ofSeconds(20)));

        ContainerGroupSource groups = new ContainerGroupSource(
                "groups-" + config.nodeName(),
                backend.provider(),
                PodReconciler.nodeSelector(config.clusterId(), config.nodeName()),
                OwnershipTags.UID,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME,
                config.statusSyncInterval(),
                clock,
                (took, count, ok) -> metrics.statusSync(took, Math.max(1, (count + 19) / 20)));
        PodSettings podSettings = new PodSettings(
                config.nodeName(),
                nodeIp,
                config.clusterId(),
                config.eciRegion(),
                config.eciVSwitchIds(),
                config.eciVSwitchStrategy() == VSwitchStrategy.random,
                config.eciSecurityGroupId(),
                config.eciResourceGroupId(),
                config.clusterDomain(),
                clusterDns(client, config.clusterDns(), clock),
                config.statusSyncInterval(),
                config.orphanGcInterval(),
                config.orphanGrace());
        RefResolver refResolver = new RefResolver(client);
        EventRecorder recorder = new EventRecorder(client, "ecivk", config.nodeName(), metrics);
        // Events are written off the reconcile threads: they are best effort, and a burst of them must not delay
        // status writes. Beyond the queue's bound they are dropped (counted as failed Events).
        java.util.concurrent.ThreadPoolExecutor eventWriter = new java.util.concurrent.ThreadPoolExecutor(
                2,
                2,
                1,
                TimeUnit.MINUTES,
                new java.util.concurrent.ArrayBlockingQueue<>(20_000),
                r -> {
                    Thread t = new Thread(r, "ecivk-events");
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> metrics.eventFailed("QueueFull"));
        closeables.add(eventWriter::shutdownNow);
        PodEventSink events = new PodEventSink() {
            @Override
            public void record(io.fabric8.kubernetes.api.model.Pod pod, EventReason reason, String message) {
                eventWriter.execute(() -> recorder.record(pod, reason, message));
            }

            @Override
            public void forward(io.fabric8.kubernetes.api.model.Pod pod, GroupEvent event) {
                eventWriter.execute(() -> recorder.forward(pod, event));
            }
        };
        PodReconciler reconciler = new PodReconciler(
                client,
                backend.provider(),
                groups,
                refResolver::resolve,
                events,
                podSettings,
                clock,
                new PodReconciler.StartListener() {
                    @Override
                    public void onCreated(io.fabric8.kubernetes.api.model.Pod pod, Duration sinceBound) {
                        metrics.podStartLatency(PodStartStage.CONTAINER_GROUP, sinceBound);
                        metrics.podOperationSucceeded(PodOperation.CREATE);
                    }

                    @Override
                    public void onRunning(io.fabric8.kubernetes.api.model.Pod pod, Duration sinceBound) {
                        metrics.podStartLatency(PodStartStage.RUNNING, sinceBound);
                    }
                });
        KubeletServerConfig kubeletConfig = KubeletServerConfig.of(
                        config.nodeName(), nodeIp, config.kubeletBindAddress(), config.kubeletPort())
                .withAnonymousAuth(config.kubeletAnonymousAuth());
        if (config.kubeletTlsCert() != null) {
            kubeletConfig = kubeletConfig.withTls(config.kubeletTlsCert(), config.kubeletTlsKey());
        }
        if (config.kubeletClientCa() != null) {
            kubeletConfig = kubeletConfig.withClientCa(config.kubeletClientCa());
        }
        kubelet = new KubeletServer(
                        kubeletConfig,
                        new AnnotatedPodDirectory(reconciler::cachedPods),
                        backend.access(),
                        client,
                        clock)
                .onRequest(metrics::kubeletRequest);
        try {
            kubelet.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the kubelet API on port " + config.kubeletPort(), e);
        }
        closeables.add(kubelet);

        NodeController node = new NodeController(
                client,
                nodeSettings(config, nodeIp, kubelet.port()),
                () -> {
                    backend.provider().ping();
                    return null;
                },
                clock,
                new NodeController.Listener() {
                    @Override
                    public void onLeaseRenewal(Duration took, boolean ok) {
                        metrics.leaseRenewal(config.nodeName(), took, ok);
                    }

                    @Override
                    public void onProviderHealth(boolean healthy) {
                        health.providerReachable(healthy);
                    }
                });
        node.start();
        closeables.add(node);
        PodControllerRegistration.register(operator, reconciler, config.nodeName(), scope);

        AtomicBoolean podCacheSynced = new AtomicBoolean();
        OrphanCollector orphans = new OrphanCollector(
                client,
                backend.provider(),
                groups,
                reconciler::cachedPods,
                podCacheSynced::get,
                config.orphanGrace(),
                clock,
                OwnershipTags.NAMESPACE,
                OwnershipTags.NAME);
        nodes.add(new NodeRuntime(config.nodeName(), node, groups, reconciler, orphans));

        metrics.registerPodsByPhase(config.nodeName(), () -> podsByPhase(reconciler));
        metrics.registerQueueDepth(
                "create",
                () -> reconciler.cachedPods().stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null
                                && groups.forPod(p.getMetadata().getUid()).isEmpty()
                                && groups.recentCreate(p.getMetadata().getUid()).isEmpty()
                                && !dev.ecivk.translate.StatusTranslator.isTerminalPhase(
                                        p.getStatus() == null
                                                ? null
                                                : p.getStatus().getPhase()))
                        .count());
        metrics.registerQueueDepth(
                "delete",
                () -> reconciler.cachedPods().stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() != null)
                        .count());
        operator.start(); // returns once the informers have synced
        podCacheSynced.set(true);
        health.markInformersSynced(true);

        ScheduledExecutorService gc = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ecivk-orphan-gc");
            t.setDaemon(true);
            return t;
        });
        long every = config.orphanGcInterval().toMillis();
        gc.scheduleWithFixedDelay(
                () -> {
                    try {
                        metrics.orphansCollected(orphans.collect(group -> {}).size());
                    } catch (RuntimeException e) {
                        LOG.warn("Orphan collection failed: {}", e.getMessage());
                    }
                },
                every,
                every,
                TimeUnit.MILLISECONDS);
        closeables.add(gc::shutdownNow);
        LOG.info("Virtual node {} is serving", config.nodeName());
    }

    private static Map<String, Long> podsByPhase(PodReconciler reconciler) {
        Map<String, Long> counts = new LinkedHashMap<>();
        ControllerMetrics.POD_PHASES.forEach(p -> counts.put(p, 0L));
        for (io.fabric8.kubernetes.api.model.Pod pod : reconciler.cachedPods()) {
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
        return kubelet == null ? -1 : kubelet.port();
    }

    Backend backend() {
        return backend;
    }

    HealthChecks health() {
        return health;
    }

    /** The runtime of the first (default) node, for tests. */
    NodeRuntime node() {
        return nodes.get(0);
    }

    static NodeSettings nodeSettings(OperatorConfig config, String nodeIp, int kubeletPort) {
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(config.nodeCpu()));
        capacity.put("memory", new Quantity(config.nodeMemory()));
        capacity.put("pods", new Quantity(config.nodePods()));
        capacity.put("ephemeral-storage", new Quantity("100Ti"));
        if (!"0".equals(config.nodeGpu())) {
            capacity.put("nvidia.com/gpu", new Quantity(config.nodeGpu()));
        }
        Map<String, String> labels = NodeSettings.defaultLabels(
                config.nodeName(), Map.of("topology.kubernetes.io/region", config.eciRegion()));
        return new NodeSettings(
                config.nodeName(),
                nodeIp,
                kubeletPort,
                capacity,
                labels,
                List.of(NodeSettings.providerTaint()),
                Main.version(),
                Duration.ofSeconds(40),
                Duration.ofSeconds(10),
                Duration.ofMinutes(1),
                Duration.ofSeconds(10));
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
