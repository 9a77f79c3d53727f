package dev.ecivk.e2e.burst;

import java.util.Map;
import java.util.Optional;

/** The kubelet a burst runs against: ecivk (in this JVM or its own) or the status-only baseline. */
interface KubeletUnderTest extends AutoCloseable {

    /** What runs, for the report: "ecivk in the benchmark's JVM", "ecivk in its own JVM (pid 123)", ... */
    String describe();

    /** The embedded ECI the kubelet runs on, when it has one. */
    Optional<EciAccess> eci();

    /** The kubelet's Prometheus metrics now, or "" when it has none. */
    String metrics();

    /** RSS of the process the kubelet runs in: by default the benchmark's own. */
    default ProcStatus.Rss rss() {
        return ProcStatus.ownRss();
    }

    /** RSS of the embedded ECI when it runs in a process of its own, apart from the kubelet. */
    default Optional<ProcStatus.Rss> eciRss() {
        return Optional.empty();
    }

    /** Whether {@link #rss()} is the kubelet's alone, not shared with the mock apiserver and the benchmark. */
    default boolean ownProcess() {
        return false;
    }

    /**
     * CPU seconds used so far by each process of the run, by what it runs: the benchmark's own JVM (the mock
     * apiserver, the benchmark's watch and creates, and the kubelet when it runs in it) and, when they have their own,
     * the controller's and the embedded ECI's.
     */
    default Map<String, Double> cpuSeconds() {
        return Map.of(BENCHMARK_JVM, ProcStatus.ownCpuSeconds());
    }

    String BENCHMARK_JVM = "the benchmark's JVM";

    /** Calls that waited for the ECI client's rate limiter, by action, when the benchmark can see them. */
    default Optional<Map<String, Long>> limiterWaits() {
        return Optional.empty();
    }

    /**
     * Returns once the kubelet has finished starting, as its readiness probe reports it (its Node registered, its
     * informers synced), so that the burst measures Pods and not the kubelet's own start-up; fails when it is not
     * ready within {@code max}. A Node left Ready by an earlier run is no sign of that. By default the kubelet is
     * ready once started.
     */
    default void awaitReady(java.time.Duration max) {}

    /** Fails with the reason when the kubelet has stopped on its own (a process that exited, say). */
    default void checkAlive() {}

    @Override
    void close();
}
