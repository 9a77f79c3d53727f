package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class PodCostsTest {
    private static Pod pod(String namespace, String phase, Map<String, String> annotations) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName("p")
                .withAnnotations(annotations)
                .endMetadata()
                .withNewStatus()
                .withPhase(phase)
                .endStatus()
                .build();
    }

    @Test
    void theSumsAreTheAnnotationsOfPodsThatHaveNotEndedByNamespaceAndBilling() {
        List<PodCosts.Sum> sums = PodCosts.sums(List.of(
                pod("a", "Running", Map.of(PodCosts.PRICE, "0.441072 CNY")),
                pod("a", "Running", Map.of(PodCosts.PRICE, "0.1 CNY")),
                pod("a", "Succeeded", Map.of(PodCosts.PRICE, "5 CNY")),
                pod("a", "Running", Map.of(PodCosts.PRICE, "0.056 CNY", PodCosts.ON_DEMAND_PRICE, "0.622 CNY")),
                pod("b", "Pending", Map.of(PodCosts.PRICE, "1 CNY")),
                pod("b", "Running", Map.of(PodCosts.PRICE, "edited by hand")),
                pod("b", "Running", Map.of())));

        assertThat(sums).hasSize(3);
        assertThat(sums).anySatisfy(s -> {
            assertThat(s.namespace()).isEqualTo("a");
            assertThat(s.spot()).isFalse();
            assertThat(s.currency()).isEqualTo("CNY");
            assertThat(s.perHour()).isCloseTo(0.541072, Offset.offset(1e-9));
            assertThat(s.savingsPerHour()).isZero();
        });
        assertThat(sums).anySatisfy(s -> {
            assertThat(s.namespace()).isEqualTo("a");
            assertThat(s.spot()).isTrue();
            assertThat(s.perHour()).isCloseTo(0.056, Offset.offset(1e-9));
            assertThat(s.savingsPerHour()).isCloseTo(0.566, Offset.offset(1e-9));
        });
        assertThat(sums).anySatisfy(s -> {
            assertThat(s.namespace()).isEqualTo("b");
            assertThat(s.perHour()).isEqualTo(1);
        });
    }
}
