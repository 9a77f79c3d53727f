package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true, https = false)
class ClusterDnsMockTest {
    KubernetesMockServer server;
    KubernetesClient client;

    private List<String> askTogether(Supplier<String> dns, int callers) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<String>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(dns::get);
            }
            List<String> answers = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(calls)) {
                answers.add(f.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private int kubeDnsReads() throws InterruptedException {
        int reads = 0;
        RecordedRequest r;
        while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
            if (r.getPath().startsWith("/api/v1/namespaces/kube-system/services/kube-dns")) {
                reads++;
            }
        }
        return reads;
    }

    @Test
    void aBurstOfPodsWithoutKubeDnsCostsOneReadNotOneEach() throws Exception {
        Supplier<String> dns = ClusterDns.of(client, null, Clock.systemUTC());

        assertThat(askTogether(dns, 32)).containsOnlyNulls();
        assertThat(kubeDnsReads())
                .as("reads of kube-dns by 32 Pods at once, none there")
                .isEqualTo(1);

        assertThat(askTogether(dns, 8)).containsOnlyNulls();
        assertThat(kubeDnsReads())
                .as("within a minute of a miss it is not read again")
                .isZero();
    }

    @Test
    void onceFoundTheAddressIsKept() throws Exception {
        client.services()
                .inNamespace("kube-system")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("kube-dns")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withNewSpec()
                        .withClusterIP("10.43.0.10")
                        .endSpec()
                        .build())
                .create();
        kubeDnsReads();
        Supplier<String> dns = ClusterDns.of(client, null, Clock.systemUTC());

        assertThat(askTogether(dns, 16)).containsOnly("10.43.0.10");
        assertThat(kubeDnsReads()).isEqualTo(1);
    }
}
