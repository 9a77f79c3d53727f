package dev.ecivk.e2e.burst;

import dev.ecivk.testing.cluster.Behaviour;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a burst runs: the realistic-cluster fixture (a mock apiserver that behaves like a control plane, without
 * its scheduler: the Pods are created bound) or a real cluster from a kubeconfig. It hands out the benchmark's own
 * client and, separately, the kubelet's, set up so that the kubelet's requests can be counted.
 */
final class BenchCluster implements AutoCloseable {
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private static final java.time.Duration CLUSTER_REQUEST_TIMEOUT = java.time.Duration.ofMinutes(3);

    private final RealisticCluster mock;
    private final Path kubeconfig;
    private final KubernetesClient client;

    private BenchCluster(RealisticCluster mock, Path kubeconfig, KubernetesClient client) {
        this.mock = mock;
        this.kubeconfig = kubeconfig;
        this.client = client;
    }

    static BenchCluster mock(String namespace) {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING); // it logs every request at INFO
        RealisticCluster cluster = RealisticCluster.builder()
                .namespaces(namespace, "kube-system")
                .without(Behaviour.SCHEDULER)
                .build()
                .start();
        // every cluster has its DNS Service, which the kubelet reads for ClusterFirst Pods
        cluster.client()
                .services()
                .inNamespace("kube-system")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("kube-dns")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.96.0.10")
                        .addNewPort()
                        .withName("dns")
                        .withProtocol("UDP")
                        .withPort(53)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        return new BenchCluster(cluster, null, cluster.client());
    }

    static BenchCluster real(Path kubeconfig) throws IOException {
        Path file = expandHome(kubeconfig);
        Config config = Config.fromKubeconfig(Files.readString(file));
        // deleting a burst's thousands of Pods at once takes an apiserver longer than a client's default 10 s
        config.setRequestTimeout((int) CLUSTER_REQUEST_TIMEOUT.toMillis());
        KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build();
        return new BenchCluster(null, file, client);
    }

    private static Path expandHome(Path p) {
        String s = p.toString();
        return s.startsWith("~/") ? Path.of(System.getProperty("user.home"), s.substring(2)) : p;
    }

    boolean isMock() {
        return mock != null;
    }

    /** The benchmark's client: its creates, watch and deletes are not the kubelet's and are not counted. */
    KubernetesClient client() {
        return client;
    }

    /** A counter for the kubelet's requests; {@code ownJvm}: the kubelet runs as another process. */
    KubeletRequests requestCounter(boolean ownJvm) {
        if (mock != null) {
            return new KubeletRequests.AtMockApiserver(mock.server());
        }
        return ownJvm ? new KubeletRequests.NotCounted() : new KubeletRequests.InClient();
    }

    /** A client for a kubelet in this JVM, whose requests {@code counter} sees. The caller closes it. */
    KubernetesClient kubeletClient(KubeletRequests counter) throws IOException {
        if (mock != null) {
            return new KubernetesClientBuilder()
                    .withConfig(new ConfigBuilder(client.getConfiguration())
                            .withOauthToken(KubeletRequests.KUBELET_TOKEN)
                            .build())
                    .build();
        }
        KubernetesClientBuilder builder =
                new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)));
        if (counter instanceof KubeletRequests.InClient interceptor) {
            builder.withHttpClientBuilderConsumer(
                    b -> b.addOrReplaceInterceptor(KubeletRequests.InClient.NAME, interceptor));
        }
        return builder.build();
    }

    /**
     * A kubeconfig for a kubelet in its own JVM. On the mock: the apiserver's own address (keep-alive connections,
     * as the in-process client has) with the token that tells the kubelet's requests apart.
     */
    Path kubeletKubeconfig(Path dir) throws IOException {
        if (mock == null) {
            return kubeconfig;
        }
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster: {server: "%s", insecure-skip-tls-verify: true}
                  name: burst-mock
                contexts:
                - context: {cluster: burst-mock, user: kubelet, namespace: default}
                  name: burst-mock
                current-context: burst-mock
                users:
                - name: kubelet
                  user: {token: %s}
                """.formatted(mock.url(), KubeletRequests.KUBELET_TOKEN));
    }

    @Override
    public void close() {
        if (mock != null) {
            mock.close(); // closes its client too
        } else {
            client.close();
        }
    }
}
