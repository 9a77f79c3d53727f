package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour 9: the node proxy reaches a kubelet the way the apiserver does, and fails the way it does. */
class NodeProxyMockTest {
    private TestKubelet kubelet;

    @BeforeEach
    void startKubelet() throws Exception {
        kubelet = new TestKubelet();
    }

    @AfterEach
    void stopKubelet() throws Exception {
        kubelet.close();
    }

    private static RealisticCluster cluster(boolean allowLoopback) {
        return RealisticCluster.builder()
                .only(Behaviour.NODE_PROXY)
                .allowLoopbackKubelet(allowLoopback)
                .build()
                .start();
    }

    @Test
    void anUnresolvableHostnameFailsLikeTheRealProxyEvenWithAReachableInternalIp() {
        String host = "vk-" + UUID.randomUUID().toString().substring(0, 8) + ".invalid";
        try (RealisticCluster cluster = cluster(true)) {
            kubelet.register(cluster, "vk", "InternalIP", "127.0.0.1", "Hostname", host);

            assertThatThrownBy(() -> cluster.kubelet("vk", "/healthz"))
                    .isInstanceOf(KubeletUnreachableException.class)
                    .hasMessage("Get \"https://" + host + ":" + kubelet.port() + "/healthz\": dial tcp: lookup " + host
                            + ": no such host");
            assertThat(kubelet.calls).isEmpty();
        }
    }

    @Test
    void aLoopbackAddressIsNotAllowedUnlessTheClusterAllowsIt() {
        try (RealisticCluster strict = cluster(false)) {
            kubelet.register(strict, "vk", "InternalIP", "127.0.0.1");
            assertThatThrownBy(() -> strict.kubelet("vk", "/healthz"))
                    .isInstanceOf(KubeletUnreachableException.class)
                    .hasMessageEndingWith("address not allowed");
        }
        try (RealisticCluster lenient = cluster(true)) {
            kubelet.register(lenient, "vk", "ExternalIP", "127.0.0.2", "InternalIP", "127.0.0.1");

            KubeletResponse answer = lenient.kubelet("vk", "/healthz");

            assertThat(answer.code()).isEqualTo(200);
            assertThat(answer.body()).isEqualTo("ok");
            assertThat(kubelet.calls).containsExactly("CN=kube-apiserver-kubelet-client,O=system:masters /healthz");
        }
    }

    @Test
    void podLogsReachTheKubeletsContainerLogsFromAFabric8Client() {
        try (RealisticCluster cluster = cluster(true)) {
            kubelet.register(cluster, "vk", "InternalIP", "127.0.0.1");
            ClusterPods.create(cluster, ClusterPods.pod("web", "vk"));

            String log = cluster.client().pods().withName("web").tailingLines(5).getLog();

            assertThat(log).isEqualTo("line 1\nline 2\n");
            assertThat(kubelet.calls).anyMatch(s -> s.endsWith(" /containerLogs/default/web/app?tailLines=5"));
            assertThatThrownBy(() -> cluster.client()
                            .pods()
                            .withName("web")
                            .inContainer("nope")
                            .getLog())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(400));
        }
    }

    @Test
    void podLogsFromAKubeletThatAsksTheSameApiserverToAuthorizeTheCall() {
        try (RealisticCluster cluster = cluster(true)) {
            kubelet.register(cluster, "vk", "InternalIP", "127.0.0.1");
            kubelet.authorizeThrough(cluster.client());
            ClusterPods.create(cluster, ClusterPods.pod("web", "vk"));

            String log = cluster.client().pods().withName("web").getLog();

            assertThat(log)
                    .as("the apiserver answers the kubelet's SubjectAccessReview while it waits for the log")
                    .isEqualTo("line 1\nline 2\n");
            assertThat(kubelet.calls)
                    .singleElement()
                    .satisfies(c -> assertThat(c).endsWith(" /containerLogs/default/web/app"));
        }
    }
}
