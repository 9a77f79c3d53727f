package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodStatusPatchTest {

    static Pod pending() {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("ns")
                .withName("p")
                .withUid("uid-1")
                .endMetadata()
                .withNewStatus()
                .withPhase("Pending")
                .withReason("ProviderCapacity")
                .withMessage("No capacity")
                .addToConditions(new PodConditionBuilder()
                        .withType("PodScheduled")
                        .withStatus("True")
                        .build())
                .addToConditions(new PodConditionBuilder()
                        .withType("example.com/gate")
                        .withStatus("False")
                        .build())
                .endStatus()
                .build();
    }

    static PodStatus running(Pod pod) {
        return new PodStatusBuilder(pod.getStatus())
                .withPhase("Running")
                .withReason(null)
                .withMessage(null)
                .withPodIP("10.0.0.9")
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .build())
                .build();
    }

    @Test
    void sendsOnlyWhatChangedOfOurFieldsAndRemovesWhatWeDropped() {
        Pod pod = pending();
        Map<String, Object> patch = PodStatusPatch.between(pod, running(pod));

        assertThat(patch).containsEntry("metadata", Map.of("uid", "uid-1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) patch.get("status");
        assertThat(status)
                .containsEntry("phase", "Running")
                .containsEntry("podIP", "10.0.0.9")
                .containsEntry("reason", null)
                .containsEntry("message", null)
                .doesNotContainKey("hostIP");
        assertThat(status.get("conditions"))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .singleElement()
                .isEqualTo(Map.of("type", "Ready", "status", "True"));
    }

    @Test
    void foreignConditionsAreNeverSentEvenWhenTheDesiredStatusDropsThem() {
        Pod pod = pending();
        PodStatus desired = new PodStatusBuilder(running(pod))
                .withConditions(List.of(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .build()))
                .build();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>)
                ((Map<String, Object>) PodStatusPatch.between(pod, desired).get("status")).get("conditions");
        assertThat(conditions).extracting(c -> c.get("type")).containsExactly("Ready");
    }

    @Test
    void anUnchangedStatusNeedsNoWrite() {
        Pod pod = pending();
        assertThat(PodStatusPatch.between(pod, pod.getStatus())).isNull();
        Pod again = new PodBuilder(pod).withStatus(running(pod)).build();
        assertThat(PodStatusPatch.between(again, running(pod))).isNull();
    }

    /** A condition turning True drops the reason it had while False: left in the patch it would be kept. */
    @Test
    void aConditionTurningTrueRemovesTheReasonItHadWhileFalse() {
        Pod notReady = new PodBuilder(pending())
                .editStatus()
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("False")
                        .withReason("ContainersNotReady")
                        .withMessage("containers with unready status: [app]")
                        .withLastTransitionTime("2026-12-04T10:00:00Z")
                        .build())
                .endStatus()
                .build();
        PodStatus ready = new PodStatusBuilder(pending().getStatus())
                .addToConditions(new PodConditionBuilder()
                        .withType("Ready")
                        .withStatus("True")
                        .withLastTransitionTime("2026-12-04T10:00:05Z")
                        .build())
                .build();

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> conditions = (List<Map<String, Object>>)
                ((Map<String, Object>) PodStatusPatch.between(notReady, ready).get("status")).get("conditions");

        assertThat(conditions)
                .singleElement()
                .satisfies(c -> assertThat(c)
                        .containsEntry("type", "Ready")
                        .containsEntry("status", "True")
                        .containsEntry("lastTransitionTime", "2026-12-04T10:00:05Z")
                        .containsEntry("reason", null)
                        .containsEntry("message", null));
        assertThat(PodStatusPatch.json(Map.of("c", conditions.get(0)))).contains("\"reason\":null");
    }
}
