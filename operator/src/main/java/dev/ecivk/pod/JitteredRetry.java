package dev.ecivk.pod;

import io.javaoperatorsdk.operator.processing.retry.Retry;
import io.javaoperatorsdk.operator.processing.retry.RetryExecution;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter and no attempt limit: a transient cloud error (throttling, 5xx) must delay a
 * Pod, never fail it, and a burst of Pods retrying together must not retry in lockstep.
 */
public final class JitteredRetry implements Retry {
    private final Duration initial;
    private final Duration max;

    public JitteredRetry(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** The delay before attempt {@code attempt} (1-based): uniformly random in [base/2, base], base doubling. */
    public long delayMillis(int attempt) {
        long base = initial.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        base = Math.min(base, max.toMillis());
        return base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    }

    @Override
    public RetryExecution initExecution() {
        return new RetryExecution() {
            private int attempts;

            @Override
            public Optional<Long> nextDelay() {
                attempts++;
                return Optional.of(delayMillis(attempts));
            }

            @Override
            public int getAttemptCount() {
                return attempts;
            }

            @Override
            public boolean isLastAttempt() {
                return false;
            }
        };
    }
}
