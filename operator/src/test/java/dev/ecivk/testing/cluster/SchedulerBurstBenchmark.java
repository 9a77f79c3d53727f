package dev.ecivk.testing.cluster;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Not a test: creates a burst of Pods against a {@link RealisticCluster} with every behaviour on and one Node that
 * fits them all, from several client threads, and prints how long the creates took and how long until the scheduler
 * had bound the last one.
 *
 * <pre>
 * java -cp ... dev.ecivk.testing.cluster.SchedulerBurstBenchmark [pods=5000] [threads=8]
 * </pre>
 */
public final class SchedulerBurstBenchmark {
    private SchedulerBurstBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        try (RealisticCluster cluster = RealisticCluster.create().start()) {
            KubernetesClient client = cluster.client();
            client.nodes()
                    .resource(new NodeBuilder()
                            .withNewMetadata()
                            .withName("vk")
                            .endMetadata()
                            .withNewStatus()
                            .addToAllocatable("pods", new Quantity(String.valueOf(pods)))
                            .addToAllocatable("cpu", new Quantity("100k"))
                            .addToAllocatable("memory", new Quantity("400Ti"))
                            .addNewCondition()
                            .withType("Ready")
                            .withStatus("True")
                            .endCondition()
                            .endStatus()
                            .build())
                    .create();
            long start = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(threads);
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                sent.add(senders.submit(() -> {
                    for (int i = first; i < pods; i += threads) {
                        client.pods().resource(pod("burst-" + i)).create();
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
            senders.shutdown();
            long created = System.nanoTime();
            cluster.awaitSchedulerIdle(Duration.ofMinutes(10));
            long bound = System.nanoTime();
            long placed = client.pods()
                    .withField("spec.nodeName", "vk")
                    .list()
                    .getItems()
                    .size();
            System.out.printf(
                    "%d Pods created by %d threads in %d ms (%.0f/s); all scheduled %d ms after the last create;"
                            + " %d bound, %d unschedulable; total %d ms%n",
                    pods,
                    threads,
                    (created - start) / 1_000_000,
                    pods / ((created - start) / 1e9),
                    (bound - created) / 1_000_000,
                    placed,
                    cluster.unschedulablePods().size(),
                    (bound - start) / 1_000_000);
        }
    }

    private static io.fabric8.kubernetes.api.model.Pod pod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", "burst")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("nginx:1.27")
                .withNewResources()
                .addToRequests("cpu", new Quantity("250m"))
                .addToRequests("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .endSpec()
                .build();
    }
}
