package dev.ecivk.e2e.burst;

import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.eci.EciProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * Status latency, from a change in ECI to the Pod's status: restarts a sample of running groups through ECI's own
 * API ({@code RestartContainerGroup}, signed, with Alibaba's client, as a user in the console would) and times, on
 * the benchmark's watch, how long each Pod takes to show it (a container not ready, or a restart count). The clock
 * starts when ECI has answered the restart, by which time Describe reports the group Restarting. Restarts are spread
 * at {@link #RESTARTS_PER_SECOND} so that they fall at every point of the controller's polling cycle.
 */
final class StatusLatencyProbe {
    static final double RESTARTS_PER_SECOND = 5;

    /** What the probe measured. */
    record Result(int sampled, int restartFailures, long[] latencies) {
        int seen() {
            return latencies.length;
        }
    }

    private final EciProvider eci;
    private final PodClock clock;

    StatusLatencyProbe(EciProvider eci, PodClock clock) {
        this.eci = eci;
        this.clock = clock;
    }

    /** Restarts up to {@code sample} groups, evenly chosen, and waits up to {@code timeout} for their Pods. */
    Result run(int sample, Duration timeout) {
        List<PodClock.PodTimes> candidates = clock.all().values().stream()
                .filter(t -> t.settled && t.groupId != null)
                .toList();
        List<PodClock.PodTimes> chosen = new ArrayList<>();
        int n = Math.min(sample, candidates.size());
        for (int i = 0; i < n; i++) {
            chosen.add(candidates.get((int) ((long) i * candidates.size() / n)));
        }
        long spacing = (long) (1e9 / RESTARTS_PER_SECOND);
        long next = System.nanoTime();
        int failures = 0;
        for (PodClock.PodTimes t : chosen) {
            LockSupport.parkNanos(next - System.nanoTime());
            next += spacing;
            t.probed = true; // from here on the watch looks for the change
            try {
                eci.restart(t.groupId, UUID.randomUUID().toString());
                t.eciChanged = System.nanoTime();
            } catch (ProviderException e) {
                t.probed = false;
                failures++;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && pending(chosen) > 0) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        long[] latencies = chosen.stream()
                .filter(t -> t.eciChanged != 0 && t.statusShowedChange != 0)
                // a Pod can show the change a moment before the restart call has returned here
                .mapToLong(t -> Math.max(0, t.statusShowedChange - t.eciChanged))
                .toArray();
        return new Result(chosen.size(), failures, latencies);
    }

    private static long pending(List<PodClock.PodTimes> chosen) {
        return chosen.stream()
                .filter(t -> t.eciChanged != 0 && t.statusShowedChange == 0)
                .count();
    }
}
