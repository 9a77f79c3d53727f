package dev.ecivk.provider.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InstanceTypeChooserTest {
    static final List<InstanceTypeOffer> CATALOGUE = List.of(
            new InstanceTypeOffer("ecs.t6.large", "ecs.t6", 2, 4, 0, null, 0.08),
            new InstanceTypeOffer("ecs.c7.large", "ecs.c7", 2, 4, 0, null, 0.12),
            new InstanceTypeOffer("ecs.g7.large", "ecs.g7", 2, 8, 0, null, 0.15),
            new InstanceTypeOffer("ecs.c7.xlarge", "ecs.c7", 4, 8, 0, null, 0.24),
            new InstanceTypeOffer("ecs.r7.xlarge", "ecs.r7", 4, 32, 0, null, 0.40),
            new InstanceTypeOffer("ecs.gn6i-c4g1.xlarge", "ecs.gn6i", 4, 15, 1, "NVIDIA T4", 1.10),
            new InstanceTypeOffer("ecs.unpriced.small", "ecs.x", 1, 2, 0, null, null),
            new InstanceTypeOffer("ecs.unpriced.tiny", "ecs.x", 1, 1, 0, null, null));

    static Stream<Arguments> choices() {
        return Stream.of(
                // cpu, memory, gpu, override, expected (best first, at most 3)
                Arguments.of(2, 4, 0, List.of(), List.of("ecs.t6.large", "ecs.c7.large", "ecs.g7.large")),
                Arguments.of(2, 6, 0, List.of(), List.of("ecs.g7.large", "ecs.c7.xlarge", "ecs.r7.xlarge")),
                Arguments.of(3, 8, 0, List.of(), List.of("ecs.c7.xlarge", "ecs.r7.xlarge")),
                Arguments.of(4, 16, 0, List.of(), List.of("ecs.r7.xlarge")),
                // GPU types only for GPU Pods, and for those only
                Arguments.of(2, 4, 1, List.of(), List.of("ecs.gn6i-c4g1.xlarge")),
                // priced types first; among unpriced the smallest that fits
                Arguments.of(0.5, 0.5, 0, List.of(), List.of("ecs.t6.large", "ecs.c7.large", "ecs.g7.large")),
                // an override keeps the user's order and skips what the zone does not sell
                Arguments.of(
                        2,
                        4,
                        0,
                        List.of("ecs.c7.large", "ecs.nope.large", "ecs.t6.large"),
                        List.of("ecs.c7.large", "ecs.t6.large")),
                // a cpu-memory entry expands to the cheapest types of at least that size
                Arguments.of(
                        1,
                        1,
                        0,
                        List.of("4-8Gi", "ecs.unpriced.tiny"),
                        List.of("ecs.c7.xlarge", "ecs.r7.xlarge", "ecs.unpriced.tiny")));
    }

    @ParameterizedTest
    @MethodSource("choices")
    void choosesTheCheapestFittingTypesOrTheOverride(
            double cpu, double memory, int gpu, List<String> override, List<String> expected) throws ProviderException {
        var need = new InstanceTypeChooser.Need(cpu, memory, gpu, override);
        assertThat(new InstanceTypeChooser(3).choose(need, CATALOGUE, "cn-hangzhou-a"))
                .containsExactlyElementsOf(expected);
    }

    @ParameterizedTest
    @MethodSource("refusals")
    void refusesWhatNoTypeCanServe(double cpu, double memory, int gpu, List<String> override, String code) {
        var need = new InstanceTypeChooser.Need(cpu, memory, gpu, override);
        assertThatThrownBy(() -> new InstanceTypeChooser(3).choose(need, CATALOGUE, "cn-hangzhou-a"))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains("cn-hangzhou-a");
                });
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(64, 256, 0, List.of(), "NoInstanceTypeFits"),
                Arguments.of(2, 4, 8, List.of(), "NoInstanceTypeFits"),
                Arguments.of(2, 4, 0, List.of("ecs.nope.large"), "InvalidInstanceType.NotFound"),
                Arguments.of(2, 4, 0, List.of("128-512Gi"), "InvalidInstanceType.NotFound"));
    }
}
