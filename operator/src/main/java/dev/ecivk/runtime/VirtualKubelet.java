package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.RunOptions;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.Provider;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;

/**
 * The controller as a library: the same options as {@code ecivk run}, with a Kubernetes client supplied by the
 * caller. End-to-end suites and the burst benchmark embed it this way.
 */
public final class VirtualKubelet implements AutoCloseable {
    private final Controller single;
    private final ElectedController elected;
    private final OperatorConfig config;

    private VirtualKubelet(Controller single, ElectedController elected, OperatorConfig config) {
        this.single = single;
        this.elected = elected;
        this.config = config;
    }

    /**
     * Starts a virtual node against a real apiserver (Pods are watched with a {@code spec.nodeName} field selector).
     *
     * @param args options of {@code ecivk run}, e.g. {@code --node-name vk-1 --metrics-port 0}
     */
    public static VirtualKubelet start(KubernetesClient client, String... args) throws Exception {
        OperatorConfig config = RunOptions.parse(args);
        ElectedController.Starter starter = () -> {
            ControllerMetrics metrics = new ControllerMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
            Backends backends = Backends.start(config, metrics, client);
            return Controller.start(config, client, backends, metrics, Clock.systemUTC());
        };
        if (config.leaderElection()) {
            return new VirtualKubelet(null, ElectedController.start(config, client, starter), config);
        }
        return new VirtualKubelet(starter.start(), null, config);
    }

    /** The running controller; with leader election, empty while this replica stands by. */
    java.util.Optional<Controller> controller() {
        return java.util.Optional.ofNullable(single != null ? single : elected.controller());
    }

    private Controller active() {
        return controller().orElseThrow(() -> new IllegalStateException("this replica is standing by"));
    }

    /** True when this replica runs the controller (always, without leader election). */
    public boolean isLeader() {
        return single != null || elected.isLeader();
    }

    public Provider provider() {
        return active().backend().provider();
    }

    public ContainerAccess containerAccess() {
        return active().backend().access();
    }

    /** The embedded ECI when it runs in-process ({@code --provider simulator}): counters, faults, admin API. */
    public java.util.Optional<dev.ecivk.simulator.EciSimulator> embeddedEci() {
        return active().backend().resources() instanceof dev.ecivk.simulator.EciSimulator sim
                ? java.util.Optional.of(sim)
                : java.util.Optional.empty();
    }

    /**
     * The embedded cloud this controller runs in-process for its own provider: the {@code EciSimulator}, {@code
     * EcsSimulator} or {@code HuaweiEcsSimulator} (counters, faults, instances); empty with a cloud reached at an
     * endpoint.
     */
    public java.util.Optional<AutoCloseable> embeddedCloud() {
        return java.util.Optional.ofNullable(active().backend().resources());
    }

    public String nodeName() {
        return config.nodeName();
    }

    /** The port the kubelet API listens on. */
    public int kubeletPort() {
        return active().kubeletPort();
    }

    public int metricsPort() {
        return active().metricsPort();
    }

    /** The node's Pods as its Pod informer caches them (the objects the reconciler is handed). */
    public java.util.List<io.fabric8.kubernetes.api.model.Pod> cachedPods() {
        return active().node().reconciler().cachedPods();
    }

    /** Runs one status poll now (tests use it instead of waiting for the interval). */
    public boolean pollNow() {
        return active().node().groups().poll();
    }

    /** Runs one orphan collection pass now; returns how many groups were deleted. */
    public int collectOrphansNow() {
        return active().node().orphans().collect(group -> {}).size();
    }

    /** Stops like a killed process (the leader Lease is not released); for failover tests. */
    void crash() {
        if (elected != null) {
            elected.halt();
        } else {
            single.close();
        }
    }

    @Override
    public void close() {
        if (elected != null) {
            elected.close();
        } else {
            single.close();
        }
    }
}
