package dev.ecivk.runtime;

import dev.ecivk.testing.Pods;
import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: how long a Pod takes from its create to {@code Running} on each backend out of the box, through the
 * real controller on the realistic-cluster fixture (scheduler, status patches, watch). Each backend gets its own
 * cluster and controller with the default options but {@code --sim-start-delay}; Pods are created one after another
 * and each one's time runs from its create call returning to the watch event that shows it Running.
 *
 * <pre>
 * java -cp ... dev.ecivk.BackendStartupBenchmark [pods=20] [sim-start-delay=2s] [backends=simulator,ecs,huawei-ecs]
 * </pre>
 */
public final class BackendStartupBenchmark {
    private BackendStartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int pods = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String startDelay = args.length > 1 ? args[1] : "2s";
        List<String> backends = List.of((args.length > 2 ? args[2] : "simulator,ecs,huawei-ecs").split(","));
        System.out.printf(
                "%d Pods per backend, --sim-start-delay %s, other options at their defaults"
                        + " (--status-sync-interval 5s, --vm-agent-report-interval 5s)%n",
                pods, startDelay);
        System.out.printf("%-12s %8s %8s %8s %8s%n", "backend", "min", "p50", "p90", "max");
        for (String backend : backends) {
            List<Duration> times = run(backend, pods, startDelay);
            Collections.sort(times);
            System.out.printf(
                    "%-12s %8s %8s %8s %8s%n",
                    backend,
                    seconds(times.get(0)),
                    seconds(times.get(times.size() / 2)),
                    seconds(times.get((int) Math.ceil(times.size() * 0.9) - 1)),
                    seconds(times.get(times.size() - 1)));
        }
        System.exit(0);
    }

    private static List<Duration> run(String backend, int pods, String startDelay) throws Exception {
        try (RealisticCluster cluster =
                RealisticCluster.builder().allowLoopbackKubelet(true).build().start()) {
            KubernetesClient client = cluster.client();
            String node = "vk-bench";
            try (VirtualKubelet vk = VirtualKubelet.start(
                    client,
                    "--provider",
                    backend,
                    "--node-name",
                    node,
                    "--node-ip",
                    "127.0.0.1",
                    "--kubelet-port",
                    Integer.toString(freePort()),
                    "--kubelet-anonymous-auth",
                    "--metrics-port",
                    "0",
                    "--sim-start-delay",
                    startDelay,
                    "--vm-agent-port",
                    Integer.toString(freePort()),
                    "--vm-gateway-secret",
                    "default/ecivk-agent-gateway")) {
                Map<String, Long> created = new ConcurrentHashMap<>();
                Map<String, Duration> running = new ConcurrentHashMap<>();
                CountDownLatch all = new CountDownLatch(pods);
                try (Watch watch = client.pods().inNamespace("default").watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Pod pod) {
                        String name = pod.getMetadata().getName();
                        Long at = created.get(name);
                        if (at != null
                                && pod.getStatus() != null
                                && "Running".equals(pod.getStatus().getPhase())
                                && running.putIfAbsent(name, Duration.ofNanos(System.nanoTime() - at)) == null) {
                            all.countDown();
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                })) {
                    for (int i = 0; i < pods; i++) {
                        String name = backend + "-" + i;
                        Pod pod = Pods.bound("default", name, null, "sh", "-c", "echo ready; sleep 3600")
                                .editSpec()
                                .addToNodeSelector("kubernetes.io/hostname", node)
                                .endSpec()
                                .build();
                        client.pods().inNamespace("default").resource(pod).create();
                        created.put(name, System.nanoTime());
                    }
                    if (!all.await(5, TimeUnit.MINUTES)) {
                        throw new IllegalStateException(
                                backend + ": only " + running.size() + " of " + pods + " Pods ran within 5 minutes");
                    }
                }
                return new ArrayList<>(running.values());
            }
        }
    }

    private static String seconds(Duration d) {
        return String.format("%.1fs", d.toMillis() / 1000.0);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
