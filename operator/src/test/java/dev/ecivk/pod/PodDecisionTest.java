package dev.ecivk.pod;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.StatusTranslatorTest;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decide step of a Pod's reconcile, for what a real control plane can show it. */
class PodDecisionTest {
    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
    private static final ContainerGroupState RUNNING = StatusTranslatorTest.group("Running", "10.0.0.5", List.of());

    private static Pod pod(boolean deleting) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .withUid("uid-1")
                .withResourceVersion("42")
                .withDeletionTimestamp(deleting ? "2026-12-05T00:00:30Z" : null)
                .endMetadata()
                .withNewSpec()
                .withNodeName("vk")
                .addNewContainer()
                .withName("app")
                .withImage("web:1")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .endStatus()
                .build();
    }

    private static PodDecision.Action decide(Pod pod, boolean showsOurLastPatch) {
        return PodDecision.decide(
                new PodDecision.Observation(
                        pod, false, true, Optional.of(RUNNING), Optional.empty(), null, showsOurLastPatch),
                "192.0.2.1",
                NOW);
    }

    @Test
    void aPodMarkedForDeletionIsDeletedEvenWhenItIsWhatOurLastStatusPatchLeft() {
        // A status patch computed from the Pod before its deletion was asked for lands after it: the version it
        // produces carries the deletionTimestamp, and its watch event may be the only one the reconcile sees.
        PodDecision.Action action = decide(pod(true), true);

        assertThat(action).isEqualTo(new PodDecision.Delete(Optional.of(RUNNING.id()), false));
    }

    @Test
    void ourOwnPatchComingBackNeedsNothingAndAnyOtherVersionIsReported() {
        assertThat(decide(pod(false), true)).isInstanceOf(PodDecision.Nothing.class);
        assertThat(decide(pod(false), false)).isInstanceOf(PodDecision.Report.class);
    }
}
