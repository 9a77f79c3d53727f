package dev.ecivk.node;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the provider answers, behind the Node's Ready condition: the ping runs on its own thread and is bounded by
 * the ping interval, so a hanging cloud call cannot hold up the heartbeat that asked.
 */
final class ProviderHealth implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProviderHealth.class);

    private final Callable<Void> providerPing;
    private final Consumer<Boolean> onHealth;
    private final ExecutorService pingThread =
            Executors.newSingleThreadExecutor(NodeController.daemon("ecivk-provider-ping"));

    private volatile boolean providerHealthy;
    private volatile String providerProblem = "The provider has not answered yet.";

    ProviderHealth(Callable<Void> providerPing, Consumer<Boolean> onHealth) {
        this.providerPing = providerPing;
        this.onHealth = onHealth;
    }

    boolean healthy() {
        return providerHealthy;
    }

    /** Why the provider is unhealthy (the last failure), meaningful while {@link #healthy()} is false. */
    String problem() {
        return providerProblem;
    }

    /** Pings the provider, waiting at most {@code pingInterval} (at least a second), and records the outcome. */
    void check(Duration pingInterval) {
        Future<Void> f = pingThread.submit(providerPing);
        boolean ok;
        try {
            f.get(Math.max(pingInterval.toMillis(), 1000), TimeUnit.MILLISECONDS);
            ok = true;
        } catch (TimeoutException e) {
            f.cancel(true);
            providerProblem = "The provider did not answer within " + pingInterval.toSeconds() + "s.";
            ok = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            providerProblem = "The provider does not answer: " + cause.getMessage();
            ok = false;
        }
        if (ok != providerHealthy) {
            LOG.info("Provider is {}", ok ? "reachable" : "unreachable: " + providerProblem);
        }
        providerHealthy = ok;
        onHealth.accept(ok);
    }

    @Override
    public void close() {
        pingThread.shutdownNow();
    }
}
