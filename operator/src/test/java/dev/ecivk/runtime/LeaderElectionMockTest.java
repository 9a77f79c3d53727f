package dev.ecivk.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.EmbeddedEci;
import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two replicas with {@code --leader-election} sharing one embedded ECI: only the leader drives the node, a clean
 * shutdown releases the Lease so the standby takes it without waiting for it to expire, the node stays Ready and
 * nothing is created twice.
 */
class LeaderElectionMockTest {
    @RegisterExtension
    final RealisticCluster cluster = RealisticCluster.create();

    static final String NODE = "vk-ha";
    static final String INSTALL = "ha";
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

    private VirtualKubelet replica() throws Exception {
        return VirtualKubelet.start(
                client,
                "--leader-election",
                "--leader-election-namespace",
                "default",
                "--install-name",
                INSTALL,
                "--node-name",
                NODE,
                "--node-ip",
                "10.30.0.1",
                "--metrics-port",
                "0",
                "--kubelet-port",
                "0",
                "--status-sync-interval",
                "200ms",
                "--eci-endpoint",
                eci.endpoint(),
                "--eci-vswitch-ids",
                EmbeddedEci.VSWITCH_A);
    }

    private String phase(String name) {
        var pod = client.pods().inNamespace("default").withName(name).get();
        return pod == null || pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    private Lease leaderLease() {
        return client.leases().inNamespace("default").withName(LEADER_LEASE).get();
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
    void onlyTheLeaderDrivesTheNodeAndACleanShutdownHandsOverQuickly() throws Exception {
        eci = EmbeddedEci.start();
        a = replica();
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        b = replica();
        await().atMost(Duration.ofSeconds(20)).until(this::nodeReady);

        client.pods()
                .inNamespace("default")
                .resource(Pods.boundPod("default", "ha-web", NODE))
                .create();
        await().atMost(Duration.ofSeconds(20)).until(() -> "Running".equals(phase("ha-web")));
        assertThat(b.isLeader())
                .as("the standby never leads while the leader is alive")
                .isFalse();
        Lease leaderLease = leaderLease();
        assertThat(leaderLease.getSpec().getHolderIdentity()).isNotBlank();

        ZonedDateTime renewedByA = client.leases()
                .inNamespace("kube-node-lease")
                .withName(NODE)
                .get()
                .getSpec()
                .getRenewTime();
        String identityOfA = leaderLease.getSpec().getHolderIdentity();
        ZonedDateTime leaderLeaseRenewedByA = leaderLease.getSpec().getRenewTime();
        a.close(); // SIGTERM: releases the leader Lease
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !identityOfA.equals(leaderLease().getSpec().getHolderIdentity()));
        await().atMost(Duration.ofSeconds(20)).until(b::isLeader);
        // b took the released Lease: it acquired it before the term a last renewed could have expired
        Lease takenByB = leaderLease();
        assertThat(takenByB.getSpec().getHolderIdentity()).isNotBlank().isNotEqualTo(identityOfA);
        assertThat(takenByB.getSpec().getAcquireTime())
                .isBefore(leaderLeaseRenewedByA.plus(ElectedController.LEASE_DURATION));

        await().atMost(Duration.ofSeconds(20))
                .until(() -> client.leases()
                        .inNamespace("kube-node-lease")
                        .withName(NODE)
                        .get()
                        .getSpec()
                        .getRenewTime()
                        .isAfter(renewedByA));
        assertThat(nodeReady()).isTrue();
        // the new leader adopts the running group instead of creating another
        b.pollNow();
        assertThat(eci.simulator().counters().creates()).isEqualTo(1);
        assertThat(client.pods()
                        .inNamespace("default")
                        .withName("ha-web")
                        .get()
                        .getStatus()
                        .getPhase())
                .isEqualTo("Running");
    }
}
