package dev.ecivk.e2e.burst;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/** Samples this JVM's used heap every 200 ms during the burst, to report its peak. */
final class HeapSampler {
    private final AtomicLong peak = new AtomicLong();
    private volatile Thread thread;

    HeapSampler start() {
        Thread t = new Thread(
                () -> {
                    Runtime rt = Runtime.getRuntime();
                    while (!Thread.currentThread().isInterrupted()) {
                        peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
                    }
                },
                "benchmark-heap-sampler");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    long peakBytes() {
        return peak.get();
    }
}
