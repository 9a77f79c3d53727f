package dev.ecivk;

import dev.ecivk.config.OperatorConfig;
import java.util.concurrent.CountDownLatch;

/** Everything {@code run} starts, in order, and stops in reverse. */
final class Controller implements AutoCloseable {
    private final CountDownLatch stopped = new CountDownLatch(1);

    static Controller start(OperatorConfig config) {
        return new Controller();
    }

    void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stopped.countDown();
    }
}
