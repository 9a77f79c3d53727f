package dev.ecivk.simulator.ecs;

import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.alibaba.AlibabaEcsCloud;
import dev.ecivk.provider.vm.alibaba.AlibabaEcsSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: drives an embedded ECS through the real ECS adapter (official SDK, V3 signatures) from N threads for a
 * bounded time, with quotas and client limits off, then prints requests/s and p50/p99 latency of the mix: describe
 * by 100 ids (the controller's batched status poll), launch (RunInstances with a fresh ClientToken) and list by tags
 * over a few pages.
 *
 * <pre>
 * java -cp ... dev.ecivk.simulator.ecs.EcsSimulatorBenchmark [threads=4] [seconds=10] [launchPercent=10] [seed=200]
 * </pre>
 */
public final class EcsSimulatorBenchmark {
    private EcsSimulatorBenchmark() {}

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int launchPercent = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int seed = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        EcsSimulatorSettings settings = EcsSimulatorSettings.builder()
                .quotaScale(0)
                .instanceQuota(1_000_000)
                .build();
        try (EcsSimulator sim = EcsSimulator.start(settings);
                AlibabaEcsCloud cloud = new AlibabaEcsCloud(AlibabaEcsSettings.builder(settings.region())
                        .endpoint(sim.endpoint())
                        .protocol("HTTP")
                        .accessKey(
                                EcsSimulatorSettings.DEFAULT_ACCESS_KEY_ID,
                                EcsSimulatorSettings.DEFAULT_ACCESS_KEY_SECRET)
                        .rateLimit(0, Duration.ZERO)
                        .prices(false)
                        .build())) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < seed; i++) {
                ids.add(cloud.launch(request()));
            }
            List<String> hundred = ids.subList(0, Math.min(100, ids.size()));
            for (String mix : new String[] {"describe", "listByTags", "mixed", "launch"}) {
                run(cloud, hundred, threads, Duration.ofSeconds(2), mix, launchPercent, new long[1 << 20]);
                long[] latencies = new long[1 << 22];
                long[] r = run(cloud, hundred, threads, Duration.ofSeconds(seconds), mix, launchPercent, latencies);
                long count = r[0];
                long[] sorted = Arrays.copyOf(latencies, (int) Math.min(count, latencies.length));
                Arrays.sort(sorted);
                System.out.printf(
                        "%-10s threads=%d seconds=%d calls=%d errors=%d  %.0f calls/s  p50=%.2f ms  p99=%.2f ms%n",
                        mix,
                        threads,
                        seconds,
                        count,
                        r[1],
                        count / (r[2] / 1e9),
                        sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6,
                        sorted.length == 0 ? 0 : sorted[(int) (sorted.length * 0.99)] / 1e6);
            }
            List<InstanceTypeOffer> types = cloud.instanceTypes(settings.region() + "-a");
            System.out.println(
                    "instances at the end: " + sim.instances().size() + ", types in zone a: " + types.size());
        }
    }

    private static LaunchRequest request() {
        String uid = UUID.randomUUID().toString();
        return new LaunchRequest(
                "bench-" + uid.substring(0, 8),
                null,
                uid,
                null,
                "vsw-sim-a",
                EcsSimulatorSettings.DEFAULT_SECURITY_GROUP,
                EcsSimulatorSettings.DEFAULT_IMAGE,
                List.of("ecs.c7.large"),
                40,
                "#!/bin/sh\n",
                Map.of("ecivk.dev/node", "bench", "ecivk.dev/uid", uid),
                null,
                null);
    }

    /** @return calls, errors, elapsed nanos */
    private static long[] run(
            AlibabaEcsCloud cloud,
            List<String> ids,
            int threads,
            Duration duration,
            String mix,
            int launchPercent,
            long[] latencies)
            throws InterruptedException {
        AtomicInteger slot = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        switch (mix) {
                            case "describe" -> cloud.describe(ids);
                            case "launch" -> cloud.launch(request());
                            case "listByTags" -> cloud.listByTags(Map.of("ecivk.dev/node", "bench"));
                            default -> {
                                if (ThreadLocalRandom.current().nextInt(100) < launchPercent) {
                                    cloud.launch(request());
                                } else {
                                    cloud.describe(ids);
                                }
                            }
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    int i = slot.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = System.nanoTime() - t0;
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        return new long[] {slot.get(), errors.get(), System.nanoTime() - start};
    }
}
