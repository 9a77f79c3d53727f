package dev.ecivk.agent.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * When the supervision loop runs. {@link ScheduledPacer} runs it on a scheduler by the wall clock; tests use a pacer
 * that steps a virtual clock from one due time to the next, so nothing in them waits for real time.
 */
public interface Pacer extends AutoCloseable {

    /** The time the supervisor and its runtime see. */
    Clock clock();

    /**
     * Starts calling {@code sync}, which does whatever is due now and returns when it next has something to do (null
     * when nothing is planned: the pacer then polls the runtime at its own interval).
     */
    void start(Supplier<Instant> sync);

    /** Something changed off schedule (a worker finished a pull or a stop): sync soon. */
    void wake();

    /** Keeps the loop going until {@code done} holds or {@code max} passed on this pacer's clock; true if done. */
    boolean runUntil(BooleanSupplier done, Duration max);

    @Override
    void close();
}
