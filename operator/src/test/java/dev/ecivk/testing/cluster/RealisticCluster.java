package dev.ecivk.testing.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fabric8 mock apiserver that behaves like a real control plane where this project was bitten: optimistic
 * concurrency on {@code /status}, RFC merge patch and strategic merge patch, controllers that write to Nodes and
 * Pods while a kubelet does, real field selectors, graceful deletion, admission, a scheduler and a node proxy. Each
 * behaviour is a {@link Behaviour} switch, all on by default.
 *
 * <p>As a JUnit 5 extension ({@code @RegisterExtension RealisticCluster cluster = RealisticCluster.create();}) it
 * starts before each test (or once, from a static field) and stops after; it also resolves {@link KubernetesClient}
 * and {@link RealisticCluster} parameters. Programmatically: {@code try (var c = RealisticCluster.create().start())}.
 * Every instance is its own server on a free port.
 */
public final class RealisticCluster
        implements BeforeAllCallback,
                AfterAllCallback,
                BeforeEachCallback,
                AfterEachCallback,
                ParameterResolver,
                AutoCloseable {
    private final ClusterSettings settings;
    private ControlPlane plane;
    private NamespacedKubernetesClient client;
    private boolean perTest;

    private RealisticCluster(ClusterSettings settings) {
        this.settings = settings;
    }

    /** A cluster with every behaviour on and the default timings. */
    public static RealisticCluster create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the apiserver and its controllers; a second call does nothing. */
    public synchronized RealisticCluster start() {
        if (plane != null) {
            return this;
        }
        plane = new ControlPlane(settings);
        client = plane.server.createClient();
        return this;
    }

    /** The client every test uses; closed with the cluster. Its default namespace is {@code default}. */
    public KubernetesClient client() {
        requireStarted();
        return client;
    }

    /** Another client of this cluster (a second controller process, say); the caller closes it. */
    public NamespacedKubernetesClient newClient() {
        requireStarted();
        return plane.server.createClient();
    }

    /** The apiserver's URL, for clients configured by hand. */
    public String url() {
        requireStarted();
        return plane.server.url("/");
    }

    public boolean on(Behaviour behaviour) {
        return settings.on(behaviour);
    }

    /**
     * GET of {@code pathAndQuery} on a Node's kubelet, as the apiserver's node proxy makes it (address by the
     * preferred types, DNS, no loopback unless allowed, the daemon endpoint's port, the kubelet client certificate).
     *
     * @throws KubeletUnreachableException with the apiserver's message when the kubelet cannot be reached
     */
    public KubeletResponse kubelet(String node, String pathAndQuery) {
        requireStarted();
        if (plane.nodeProxy() == null) {
            throw new IllegalStateException("the node proxy is switched off");
        }
        return plane.nodeProxy().call(node, "GET", pathAndQuery, null);
    }

    /** The CA of the certificate the cluster presents to kubelets (a kubelet's {@code --client-ca-file}), in PEM. */
    public String kubeletClientCaPem() {
        requireStarted();
        return plane.credentials.kubeletClientCaPem();
    }

    /**
     * Writes a kubeconfig for kubectl: the cluster's HTTPS front door, where logs (also {@code -f}), exec, attach,
     * port-forward and {@code get --raw /api/v1/nodes/<n>/proxy/...} go to the kubelet as through the apiserver, and
     * the rest to the apiserver; namespace {@code default}.
     */
    public synchronized Path writeKubeconfig(Path file) throws IOException {
        requireStarted();
        return Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster: {server: "%s", insecure-skip-tls-verify: true}
                  name: realistic-cluster
                contexts:
                - context: {cluster: realistic-cluster, user: admin, namespace: default}
                  name: realistic-cluster
                current-context: realistic-cluster
                users:
                - name: admin
                  user: {token: %s}
                """.formatted(plane.frontDoorUrl(), AuthApis.ADMIN_TOKEN));
    }

    /**
     * Waits until the scheduler has tried every Pod it has (bound it or marked it Unschedulable); a test calls it
     * after creating Pods, before looking at where they went.
     */
    public void awaitSchedulerIdle(Duration timeout) {
        requireStarted();
        Scheduler scheduler = plane.scheduler();
        if (scheduler == null) {
            throw new IllegalStateException("the scheduler is switched off");
        }
        Awaitility.await("the scheduler to place every Pod it can")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(scheduler::idle);
    }

    /** The Pods the scheduler could not place (namespace/name), retried when Nodes or capacity change. */
    public List<String> unschedulablePods() {
        return plane == null || plane.scheduler() == null
                ? List.of()
                : plane.scheduler().unschedulablePods();
    }

    private void requireStarted() {
        if (plane == null) {
            throw new IllegalStateException("the cluster is not started");
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        if (plane != null) {
            plane.close();
            plane = null;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (plane == null) {
            perTest = true;
            start();
        }
        context.getTestInstance().ifPresent(this::inject);
    }

    /**
     * Sets the test's non-static fields of type {@link KubernetesClient} and {@link KubernetesMockServer} (as
     * {@code @EnableKubernetesMockClient} does), before its {@code @BeforeEach} methods run.
     */
    private void inject(Object test) {
        for (Class<?> c = test.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (java.lang.reflect.Field field : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                Object value = field.getType() == KubernetesClient.class
                        ? client()
                        : field.getType() == KubernetesMockServer.class ? plane.server : null;
                if (value != null) {
                    try {
                        field.setAccessible(true);
                        field.set(test, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException("cannot set " + field, e);
                    }
                }
            }
        }
    }

    /** The underlying mock server (its queued requests can be taken, as with the plain mock). */
    public KubernetesMockServer server() {
        requireStarted();
        return plane.server;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (perTest) {
            close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == RealisticCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RealisticCluster.class ? this : client();
    }

    /** Which behaviours are on and how fast the controllers are. */
    public static final class Builder {
        private final Set<Behaviour> behaviours = EnumSet.allOf(Behaviour.class);
        private final ClusterSettings defaults = ClusterSettings.defaults();
        private Duration leaseGracePeriod = defaults.leaseGracePeriod();
        private Duration nodeWriterDelay = defaults.nodeWriterDelay();
        private Duration foreignPodWriteDelay = defaults.foreignPodWriteDelay();
        private Duration podGcDelay = defaults.podGcDelay();
        private boolean allowLoopbackKubelet = defaults.allowLoopbackKubelet();
        private int watchHistory = defaults.watchHistory();
        private boolean https = defaults.https();
        private final List<String> namespaces = new ArrayList<>();

        private Builder() {}

        public Builder without(Behaviour... off) {
            behaviours.removeAll(List.of(off));
            return this;
        }

        /** Only these behaviours (the fabric8 mock's conduct for the rest). */
        public Builder only(Behaviour... on) {
            behaviours.clear();
            behaviours.addAll(List.of(on));
            return this;
        }

        /** How long a Lease may go unrenewed before the Node turns Unknown (default 40 s). */
        public Builder leaseGracePeriod(Duration grace) {
            this.leaseGracePeriod = grace;
            return this;
        }

        /** Delay of the TTL annotation and the problem detector's condition after a Node appears (default 0). */
        public Builder nodeWriterDelay(Duration delay) {
            this.nodeWriterDelay = delay;
            return this;
        }

        /** Delay of the foreign controller's writes after a Pod is bound (default 100 ms). */
        public Builder foreignPodWriteDelay(Duration delay) {
            this.foreignPodWriteDelay = delay;
            return this;
        }

        /** How long PodGC waits before deleting Pods of a missing Node (default 40 s). */
        public Builder podGcDelay(Duration delay) {
            this.podGcDelay = delay;
            return this;
        }

        /** Let the node proxy dial loopback and link-local kubelets (the real apiserver refuses them). */
        public Builder allowLoopbackKubelet(boolean allow) {
            this.allowLoopbackKubelet = allow;
            return this;
        }

        /** How many changes a watch can resume from (default 100,000) before it gets 410 Gone. */
        public Builder watchHistory(int changes) {
            this.watchHistory = changes;
            return this;
        }

        public Builder https(boolean https) {
            this.https = https;
            return this;
        }

        /** Namespaces that exist from the start, besides default, kube-system, kube-public and kube-node-lease. */
        public Builder namespaces(String... names) {
            namespaces.addAll(List.of(names));
            return this;
        }

        public RealisticCluster build() {
            return new RealisticCluster(new ClusterSettings(
                    EnumSet.copyOf(behaviours),
                    leaseGracePeriod,
                    nodeWriterDelay,
                    foreignPodWriteDelay,
                    podGcDelay,
                    allowLoopbackKubelet,
                    watchHistory,
                    https,
                    List.copyOf(namespaces)));
        }
    }
}
