package dev.ecivk.provider.alibaba;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class AlibabaRateLimiterTest {
    final List<String> waits = new CopyOnWriteArrayList<>();

    AlibabaRateLimiter limiter(double scale, Duration maxWait) {
        return new AlibabaRateLimiter(
                Map.of("Slow", 60), 6000, scale, maxWait, (action, nanos) -> waits.add(action + " " + nanos));
    }

    @Test
    void withoutAWaitBoundACallerOverTheQuotaFailsAtOnceAndIsReported() throws Exception {
        AlibabaRateLimiter limiter = limiter(1.0, Duration.ZERO);

        assertThat(limiter.acquire("Slow")).as("one call a second, the burst").isTrue();
        assertThat(limiter.acquire("Slow")).isFalse();
        assertThat(waits).containsExactly("Slow 0");
        assertThat(limiter.acquire("Other")).as("each action its own quota").isTrue();
    }

    @Test
    void aScaleOfZeroSwitchesLimitingOff() throws Exception {
        AlibabaRateLimiter limiter = limiter(0, Duration.ZERO);

        for (int i = 0; i < 100; i++) {
            assertThat(limiter.acquire("Slow")).isTrue();
        }
        assertThat(waits).isEmpty();
    }
}
