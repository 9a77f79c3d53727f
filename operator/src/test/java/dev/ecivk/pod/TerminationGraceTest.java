package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TerminationGraceTest {
    static Pod pod(Long deletion, Long spec) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("p")
                .withDeletionGracePeriodSeconds(deletion)
                .endMetadata()
                .withNewSpec()
                .withTerminationGracePeriodSeconds(spec)
                .endSpec()
                .build();
    }

    @Test
    void theDeletionsGracePeriodWinsThenTheSpecsThenThirtySeconds() {
        assertThat(TerminationGrace.of(pod(5L, 60L))).isEqualTo(Duration.ofSeconds(5));
        assertThat(TerminationGrace.of(pod(0L, 60L)))
                .as("a deletion with grace 0")
                .isZero();
        assertThat(TerminationGrace.of(pod(null, 60L))).isEqualTo(Duration.ofSeconds(60));
        assertThat(TerminationGrace.of(pod(null, null))).isEqualTo(Duration.ofSeconds(30));
        assertThat(TerminationGrace.of(new Pod())).isEqualTo(Duration.ofSeconds(30));
    }
}
