package dev.ecivk.node;

import dev.ecivk.kube.ConflictRetry;
import dev.ecivk.kube.Failures;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Lease in {@code kube-node-lease}, renewed on a thread of its own so nothing else (slow cloud calls, a
 * status write that conflicts) can delay it: the node lifecycle controller marks the Node {@code Unknown} when the
 * Lease is not renewed within its duration. Owned by the Node, so it goes when the Node is deleted.
 */
final class NodeLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeLease.class);
    static final String NAMESPACE = "kube-node-lease";

    private final KubernetesClient client;
    private final Supplier<NodeSettings> settings;
    private final Clock clock;
    private final BooleanSupplier nodeRegistered;
    private final BiConsumer<Duration, Boolean> onRenewal;
    private final ScheduledExecutorService thread = NodeController.daemonScheduler("ecivk-lease");

    NodeLease(
            KubernetesClient client,
            Supplier<NodeSettings> settings,
            Clock clock,
            BooleanSupplier nodeRegistered,
            BiConsumer<Duration, Boolean> onRenewal) {
        this.client = client;
        this.settings = settings;
        this.clock = clock;
        this.nodeRegistered = nodeRegistered;
        this.onRenewal = onRenewal;
    }

    /** Renews now (when the Node exists) and then every renew interval. */
    void start() {
        renewQuietly();
        long every = settings.get().timings().leaseRenewInterval().toMillis();
        thread.scheduleWithFixedDelay(this::renewQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    /** Renews on the Lease thread as soon as it is free. */
    void renewSoon() {
        if (!thread.isShutdown()) {
            thread.execute(this::renewQuietly);
        }
    }

    /** Renews (or creates) the Lease; a 409 from a concurrent writer is retried with a fresh read. */
    void renew() {
        if (!nodeRegistered.getAsBoolean()) {
            return; // the Lease is owned by the Node: it is created once the Node is
        }
        long started = System.nanoTime();
        boolean ok = false;
        try {
            NodeSettings s = settings.get();
            ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
            int duration = (int) s.timings().leaseDuration().toSeconds();
            ConflictRetry.run(() -> {
                Lease existing = client.leases()
                        .inNamespace(NAMESPACE)
                        .withName(s.nodeName())
                        .get();
                if (existing == null) {
                    return create(s, now, duration);
                }
                Lease renewed = new LeaseBuilder(existing)
                        .editSpec()
                        .withHolderIdentity(s.nodeName())
                        .withLeaseDurationSeconds(duration)
                        .withRenewTime(now)
                        .endSpec()
                        .build();
                return client.leases().inNamespace(NAMESPACE).resource(renewed).update();
            });
            ok = true;
        } finally {
            onRenewal.accept(Duration.ofNanos(System.nanoTime() - started), ok);
        }
    }

    private Lease create(NodeSettings s, ZonedDateTime now, int duration) {
        Node node = client.nodes().withName(s.nodeName()).get();
        LeaseBuilder lease = new LeaseBuilder()
                .withNewMetadata()
                .withName(s.nodeName())
                .withNamespace(NAMESPACE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(s.nodeName())
                .withLeaseDurationSeconds(duration)
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
        // a concurrent create answers 409: the retry then reads and renews it
        return client.leases().inNamespace(NAMESPACE).resource(lease.build()).create();
    }

    private void renewQuietly() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("Lease renewal of {} failed: {}", settings.get().nodeName(), Failures.brief(e));
        }
    }

    /** Deletes the Lease now rather than leaving it to the garbage collector. */
    void delete() {
        try {
            client.leases()
                    .inNamespace(NAMESPACE)
                    .withName(settings.get().nodeName())
                    .delete();
        } catch (KubernetesClientException e) {
            LOG.debug(
                    "Lease {} left to the garbage collector: {}", settings.get().nodeName(), e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
