package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import dev.ecivk.translate.OwnershipTags;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas with leader election; the leader is killed (its Lease neither renewed nor released) in the middle of a
 * burst. The standby takes over when the Lease expires, adopts what the dead leader created, creates the rest, and
 * nothing is created twice or lost; the node's own Lease never lapses, so it stays Ready.
 */
class LeaderFailoverMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-failover";
    static final String INSTALL = "failover";
    /** The Lease the replicas of one install elect their leader with. */
    static final String LEADER_LEASE = "ecivk-" + INSTALL + "-leader";

    KubernetesClient client;
    EmbeddedEci eci;
    VirtualKubelet a;
    VirtualKubelet b;

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
        if (eci != null) {
            eci.close();
        }
    }

    private VirtualKubelet replica(KubernetesClient kube) throws Exception {
        return VirtualKubelet.start(
                kube,
                "--leader-election",
                "--leader-election-namespace",
                "default",
                "--install-name",
                INSTALL,
                "--node-name",
                NODE,
                "--node-ip",
                "10.31.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--status-sync-interval",
                "300ms",
                "--sim-quota-scale",
                "0",
                "--workers",
                "4",
                "--eci-endpoint",
                eci.endpoint(),
                "--eci-vswitch-ids",
                EmbeddedEci.VSWITCH_A);
    }

    private Lease lease(String namespace, String name) {
        return client.leases().inNamespace(namespace).withName(name).get();
    }

    private long running() {
        return client.pods().inNamespace("default").list().getItems().stream()
                .filter(p ->
                        p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .count();
    }

    private boolean nodeReady() {
        Node n = client.nodes().withName(NODE).get();
        return n != null
                && n.getStatus() != null
                && n.getStatus().getConditions().stream()
                        .anyMatch(c ->
                                c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    @Test
    void killingTheLeaderMidBurstLosesAndDuplicatesNothing() throws Exception {
        eci = EmbeddedEci.start(s -> s.quotaScale(0), p -> p.withRateLimit(0, Duration.ZERO));
        // slow creates (4 workers × 200 ms): the burst is still under way when the leader dies
        eci.simulator()
                .injectFault(dev.ecivk.simulator.Fault.latency("CreateContainerGroup", Duration.ofMillis(200))
                        .always());
        // the leader has its own connections, which die with it
        KubernetesClient leaderClient = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(client.getConfiguration())
                .build();
        a = replica(leaderClient);
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        b = replica(client);
        await().atMost(Duration.ofSeconds(20)).until(this::nodeReady);

        int n = 300;
        IntStream.range(0, n)
                .parallel()
                .forEach(i -> client.pods()
                        .inNamespace("default")
                        .resource(Pods.boundPod("default", "burst-" + i, NODE))
                        .create());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> eci.simulator().counters().creates() >= n / 3);

        leaderClient.close(); // killed: its connections are gone, so it can neither renew nor release the Lease
        // what the dead leader last wrote (the standby cannot take over for seconds yet: the Lease has not expired)
        LeaseSpec leftByA = lease("default", LEADER_LEASE).getSpec();
        LeaseSpec nodeLeaseLeftByA = lease("kube-node-lease", NODE).getSpec();
        assertThat(eci.simulator().counters().creates())
                .as("the burst is under way")
                .isLessThan(n);
        a.crash();
        await().atMost(Duration.ofSeconds(60)).until(b::isLeader);

        // the standby waited for the unreleased Lease to expire: it acquired it no earlier than the dead leader's
        // last renewal plus the Lease's duration
        LeaseSpec takenByB = lease("default", LEADER_LEASE).getSpec();
        assertThat(takenByB.getHolderIdentity()).isNotEqualTo(leftByA.getHolderIdentity());
        assertThat(takenByB.getAcquireTime())
                .isAfterOrEqualTo(leftByA.getRenewTime().plusSeconds(leftByA.getLeaseDurationSeconds()));
        // and took over the node before its own Lease lapsed, so the node lifecycle controller never saw it go
        ZonedDateTime lastRenewalByA = nodeLeaseLeftByA.getRenewTime();
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        lease("kube-node-lease", NODE).getSpec().getRenewTime().isAfter(lastRenewalByA));
        assertThat(lease("kube-node-lease", NODE).getSpec().getRenewTime())
                .isBefore(lastRenewalByA.plusSeconds(nodeLeaseLeftByA.getLeaseDurationSeconds()));

        await().atMost(Duration.ofMinutes(2)).until(() -> running() == n);
        assertThat(nodeReady()).isTrue();
        assertThat(eci.simulator().counters().creates()).isEqualTo(n);
        List<ContainerGroupState> groups = eci.provider().list(ListQuery.byTags(Map.of(OwnershipTags.NODE, NODE)));
        Set<String> uids = new HashSet<>();
        groups.forEach(
                g -> assertThat(uids.add(g.tags().get(OwnershipTags.UID))).isTrue());
        assertThat(uids).hasSize(n);
        assertThat(b.collectOrphansNow()).isZero();
    }
}
