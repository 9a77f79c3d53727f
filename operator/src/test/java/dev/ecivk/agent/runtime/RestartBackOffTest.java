package dev.ecivk.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackOffTest {

    @Test
    void immediateThenTenSecondsDoublingToFiveMinutes() {
        RestartBackOff b = new RestartBackOff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(b.delayAfterRun(Duration.ofSeconds(1)).toSeconds());
        }
        assertThat(delays).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    }

    @Test
    void aRunOfTenMinutesStartsOver() {
        RestartBackOff b = new RestartBackOff();
        b.delayAfterRun(Duration.ZERO);
        b.delayAfterRun(Duration.ZERO);
        assertThat(b.delayAfterRun(Duration.ofMinutes(9).plusSeconds(59))).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.delayAfterRun(Duration.ofMinutes(10))).isZero();
        assertThat(b.delayAfterRun(Duration.ZERO)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void failuresWithoutARunWaitFromTheFirstOne() {
        RestartBackOff b = new RestartBackOff();
        assertThat(b.delayAfterFailure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.delayAfterFailure()).isEqualTo(Duration.ofSeconds(20));
        b.reset();
        assertThat(b.delayAfterFailure()).isEqualTo(Duration.ofSeconds(10));
    }
}
