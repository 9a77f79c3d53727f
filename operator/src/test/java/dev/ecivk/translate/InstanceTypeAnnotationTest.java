package dev.ecivk.translate;

import static dev.ecivk.translate.TestPods.pod;
import static dev.ecivk.translate.TestPods.translate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the VM-per-Pod backends add to translation: any cloud's instance types, and their failure reasons. */
class InstanceTypeAnnotationTest {

    @Test
    void anyCloudsInstanceTypesPassInOrderAndWinOverEciUseSpecs() {
        Pod pod = pod().editMetadata()
                .addToAnnotations("ecivk.dev/instance-type", "s6.large.2, ecs.c7.large,4-8Gi")
                .addToAnnotations("k8s.aliyun.com/eci-use-specs", "2-4Gi")
                .endMetadata()
                .build();
        Translation t = translate(pod);
        assertThat(t.problems()).isEmpty();
        assertThat(t.spec().instanceType()).isEqualTo("s6.large.2,ecs.c7.large,4-8Gi");
    }

    @Test
    void malformedInstanceTypesAreProblems() {
        Pod pod = pod().editMetadata()
                .addToAnnotations("ecivk.dev/instance-type", "ok.type,bad type;rm")
                .endMetadata()
                .build();
        assertThat(translate(pod).problems())
                .singleElement()
                .satisfies(p -> assertThat(p).contains("ecivk.dev/instance-type", "bad type;rm"));
        Pod empty = pod().editMetadata()
                .addToAnnotations("ecivk.dev/instance-type", " , ")
                .endMetadata()
                .build();
        assertThat(translate(empty).problems())
                .containsExactly("annotation ecivk.dev/instance-type: no instance type given");
    }

    @Test
    void aVmFailureReasonBecomesThePodsReason() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ContainerGroupState group = new ContainerGroupState(
                "i-1",
                "p",
                "Failed",
                null,
                null,
                null,
                null,
                null,
                null,
                at,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(),
                List.of(),
                List.of(
                        new GroupEvent("Normal", "InstanceCreating", "creating", null, 1, at, at),
                        new GroupEvent("Warning", "InstanceStopped", "stopped by someone else", null, 1, at, at)));
        var status = StatusTranslator.toPodStatus(pod().build(), group, "10.0.0.1", at);
        assertThat(status.getPhase()).isEqualTo("Failed");
        assertThat(status.getReason()).isEqualTo("InstanceStopped");
        assertThat(status.getMessage()).isEqualTo("InstanceStopped: stopped by someone else");
    }
}
