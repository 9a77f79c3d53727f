package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Proves the golden test's hook really rejects what ECI would reject, once the validator is on the classpath. */
class EciValidationHookTest {

    @Test
    void theHookRejectsARequestEciWouldRefuse() {
        var checks = EciValidationHook.checks();
        assumeFalse(checks.isEmpty(), "dev.ecivk.simulator.EciValidation is not on the classpath yet");
        List<String> command = IntStream.range(0, 21).mapToObj(i -> "x" + i).toList();
        ContainerSpec tooLong = new ContainerSpec(
                "app", "busybox", null, command, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);
        ContainerGroupSpec spec = ContainerGroupSpec.builder()
                .name("ns-p")
                .regionId("cn-hangzhou")
                .securityGroupId("sg-1")
                .vSwitchId("vsw-1")
                .containers(List.of(tooLong))
                .build();
        assertThatThrownBy(() -> checks.forEach(c -> c.accept(spec))).isInstanceOf(AssertionError.class);
    }
}
