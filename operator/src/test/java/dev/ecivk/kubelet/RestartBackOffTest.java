package dev.ecivk.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kubelet's back-off, as the embedded ECI and the VM agent both apply it, and Go's duration text. */
class RestartBackOffTest {
    static final Duration QUICK_CRASH = Duration.ofMillis(100);

    @Test
    void firstRestartIsImmediateThenTheWaitDoublesUpToFiveMinutes() {
        RestartBackOff b = new RestartBackOff(RestartBackOff.Policy.KUBELET);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            waits.add(b.afterRun(QUICK_CRASH).toSeconds());
            b.restarted();
        }
        assertThat(waits).containsExactly(0L, 10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L);
    }

    @Test
    void aRunOfTenMinutesStartsTheSequenceOver() {
        RestartBackOff b = new RestartBackOff(RestartBackOff.Policy.KUBELET);
        b.afterRun(QUICK_CRASH);
        b.afterRun(QUICK_CRASH);
        assertThat(b.afterRun(QUICK_CRASH)).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.afterRun(Duration.ofMinutes(9))).isEqualTo(Duration.ofSeconds(40));

        assertThat(b.afterRun(Duration.ofMinutes(10))).isZero();
        assertThat(b.current()).isNull();
        assertThat(b.afterRun(QUICK_CRASH)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theWaitInProgressIsKnownUntilTheRestart() {
        RestartBackOff b = new RestartBackOff(RestartBackOff.Policy.KUBELET);
        b.afterRun(QUICK_CRASH);
        assertThat(b.current()).isNull();
        b.afterRun(QUICK_CRASH);
        assertThat(b.current()).isEqualTo(Duration.ofSeconds(10));
        b.restarted();
        assertThat(b.current()).isNull();
    }

    @Test
    void scaledPolicyKeepsTheKubeletsShape() {
        assertThat(RestartBackOff.Policy.scaledTo(Duration.ofSeconds(10))).isEqualTo(RestartBackOff.Policy.KUBELET);
        RestartBackOff.Policy fast = RestartBackOff.Policy.scaledTo(Duration.ofMillis(100));
        assertThat(fast.max()).isEqualTo(Duration.ofSeconds(3));
        assertThat(fast.resetAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThatThrownBy(() -> RestartBackOff.Policy.scaledTo(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("restart back-off");
    }

    @Test
    void failuresWithoutARunWaitFromTheFirstStepAndASuccessStartsOver() {
        RestartBackOff b = new RestartBackOff();
        assertThat(b.afterFailure()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.afterFailure()).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.current()).isEqualTo(Duration.ofSeconds(20));
        b.reset();
        assertThat(b.current()).isNull();
        assertThat(b.afterFailure()).isEqualTo(Duration.ofSeconds(10));
    }

    @ParameterizedTest
    @CsvSource({
        "PT0.3S,300ms",
        "PT10S,10s",
        "PT1.2S,1.2s",
        "PT1M20S,1m20s",
        "PT5M,5m0s",
        "PT2M40.5S,2m40.5s",
        "PT1H,1h0m0s"
    })
    void durationsReadAsTheKubeletPrintsThem(Duration d, String text) {
        assertThat(GoDuration.of(d)).isEqualTo(text);
    }
}
