package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.kubelet.HostAddress;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.metrics.HealthChecks;
import dev.ecivk.metrics.MetricsServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectorBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code --leader-election}: only the replica holding the coordination Lease runs the controller (reconciles,
 * heartbeats, serves the kubelet API); the others stand by, answering /healthz and /readyz as standby. A clean
 * shutdown releases the Lease so a standby takes over within seconds, before the node's own 40 s Lease lapses. A
 * replica that loses the Lease without being asked to stop closes at once and reports it, so two replicas never
 * drive the same node.
 */
public final class ElectedController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElectedController.class);
    static final Duration LEASE_DURATION = Duration.ofSeconds(12);
    static final Duration RENEW_DEADLINE = Duration.ofSeconds(8);
    static final Duration RETRY_PERIOD = Duration.ofSeconds(2);

    /** Starts the controller once this replica leads. */
    public interface Starter {
        Controller start() throws Exception;
    }

    private final OperatorConfig config;
    private final Starter starter;
    private final String identity;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ecivk-leader-election");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final HealthChecks standbyHealth = new HealthChecks();
    private volatile MetricsServer standbyServer;
    private volatile Controller controller;
    private volatile boolean lostLeadership;
    private CompletableFuture<?> election;

    private ElectedController(OperatorConfig config, Starter starter) {
        this.config = config;
        this.starter = starter;
        this.identity =
                HostAddress.hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static ElectedController start(OperatorConfig config, KubernetesClient client, Starter starter)
            throws IOException {
        ElectedController elected = new ElectedController(config, starter);
        elected.standBy();
        elected.election = new LeaderElectorBuilder(client, elected.executor)
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("ecivk-" + config.installName())
                        .withLock(new LeaseLock(
                                config.leaderElectionNamespace(),
                                "ecivk-" + config.installName() + "-leader",
                                elected.identity))
                        .withLeaseDuration(LEASE_DURATION)
                        .withRenewDeadline(RENEW_DEADLINE)
                        .withRetryPeriod(RETRY_PERIOD)
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                elected::onStartLeading, elected::onStopLeading, elected::onNewLeader))
                        .build())
                .build()
                .start();
        LOG.info("Standing by for leadership of node {} as {}", config.nodeName(), elected.identity);
        return elected;
    }

    /** Serves /healthz and /readyz (ready, standby) until this replica leads. */
    private void standBy() throws IOException {
        standbyHealth.leadership(HealthChecks.Leadership.STANDBY);
        ControllerMetrics metrics = new ControllerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        metrics.registerHealth(standbyHealth);
        standbyServer =
                MetricsServer.start(config.metricsPort(), (PrometheusMeterRegistry) metrics.registry(), standbyHealth);
    }

    private void onStartLeading() {
        if (closing.get()) {
            return;
        }
        LOG.info("{} leads node {}", identity, config.nodeName());
        MetricsServer standby = standbyServer;
        standbyServer = null;
        if (standby != null) {
            standby.close(); // the controller serves the same port from now on
        }
        try {
            controller = starter.start();
        } catch (Exception e) {
            LOG.error("Starting the controller as leader failed", e);
            close();
        }
    }

    private void onStopLeading() {
        if (closing.get()) {
            return;
        }
        LOG.error(
                "{} lost the leadership of node {}; stopping so that only one replica drives it",
                identity,
                config.nodeName());
        lostLeadership = true;
        close();
    }

    private void onNewLeader(String leader) {
        if (!leader.equals(identity)) {
            LOG.info("Node {} is led by {}", config.nodeName(), leader);
        }
    }

    boolean isLeader() {
        return controller != null && !closing.get();
    }

    Controller controller() {
        return controller;
    }

    String identity() {
        return identity;
    }

    /** True when this replica stopped because another took the Lease (the process should exit non-zero). */
    public boolean lostLeadership() {
        return lostLeadership;
    }

    public void awaitShutdown() throws InterruptedException {
        done.await();
    }

    /**
     * What a killed process leaves behind, for failover tests: the controller stops and the Lease is neither renewed
     * nor released, so a standby takes over only when it expires.
     */
    void halt() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        executor.shutdownNow();
        Controller c = controller;
        if (c != null) {
            c.close();
        }
        done.countDown();
    }

    /** Stops the controller (never deleting container groups), then releases the Lease. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        Controller c = controller;
        if (c != null) {
            c.close();
        }
        if (election != null) {
            election.cancel(true); // releaseOnCancel: a standby can take over at once
        }
        MetricsServer standby = standbyServer;
        if (standby != null) {
            standby.close();
        }
        executor.shutdown();
        done.countDown();
    }
}
