package dev.ecivk.kube;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster DNS Service IP that ClusterFirst Pods are given: {@code kube-system/kube-dns}, looked up when a Pod
 * first needs it and kept once found. A miss (no such Service yet, or the apiserver unreachable) is retried at most
 * once a minute, so a burst of creates does not become a burst of reads.
 */
public final class ClusterDns implements Supplier<String> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterDns.class);
    static final Duration RETRY_AFTER_MISS = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final Clock clock;
    private volatile String found;
    private volatile Instant lastMiss = Instant.EPOCH;

    private ClusterDns(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The configured IP when there is one, else the looked-up one. */
    public static Supplier<String> of(KubernetesClient client, String configured, Clock clock) {
        return configured != null ? () -> configured : new ClusterDns(client, clock);
    }

    /** The Service's cluster IP, or null while it is unknown. */
    @Override
    public String get() {
        if (found != null || clock.instant().isBefore(lastMiss.plus(RETRY_AFTER_MISS))) {
            return found;
        }
        return lookUp();
    }

    /** One lookup at a time: the Pods of a burst that need it together wait for the one read, not one read each. */
    private synchronized String lookUp() {
        if (found != null || clock.instant().isBefore(lastMiss.plus(RETRY_AFTER_MISS))) {
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
            LOG.warn("Could not read kube-system/kube-dns: {}", Failures.brief(e));
        }
        lastMiss = clock.instant();
        return null;
    }
}
