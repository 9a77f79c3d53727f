package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /pods} lists every Pod of the node; {@code /runningpods/} only what runs, as the runtime knows it. */
class PodListingTest {
    private final Pod running = KubeletFixture.pod("team-a", "web", "eci-web", "app", "sidecar");
    private final Pod waiting = new PodBuilder(KubeletFixture.pod("team-a", "queued", "eci-queued", "app"))
            .editMetadata()
            .withAnnotations(null)
            .endMetadata()
            .build();
    private final Pod succeeded = new PodBuilder(KubeletFixture.pod("team-b", "job", "eci-job", "main"))
            .editStatus()
            .withPhase("Succeeded")
            .endStatus()
            .build();
    private final Pod failed = new PodBuilder(KubeletFixture.pod("team-b", "broken", "eci-broken", "main"))
            .editStatus()
            .withPhase("Failed")
            .endStatus()
            .build();
    private final PodDirectory directory = (PodDirectory) () -> List.of(running, waiting, succeeded, failed);

    @Test
    void podsListsEveryPodAsTheApiserverHasIt() {
        assertThat(PodListing.all(directory).getItems()).containsExactly(running, waiting, succeeded, failed);
    }

    @Test
    void runningPodsLeavesOutPodsWithoutAGroupAndFinishedPods() {
        assertThat(PodListing.running(directory).getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("web");
    }

    @Test
    void aRunningPodShowsOnlyItsIdentityAndContainers() {
        Pod view = PodListing.running(directory).getItems().get(0);

        assertThat(view.getMetadata().getNamespace()).isEqualTo("team-a");
        assertThat(view.getMetadata().getUid()).isEqualTo("uid-web");
        assertThat(view.getMetadata().getAnnotations()).isNullOrEmpty();
        assertThat(view.getSpec().getContainers())
                .extracting(c -> c.getName() + "=" + c.getImage())
                .containsExactly("app=busybox", "sidecar=busybox");
        assertThat(view.getSpec().getNodeName()).isNull();
        assertThat(view.getStatus()).isNull();
    }

    @Test
    void onlySucceededAndFailedAreTerminal() {
        assertThat(PodListing.isTerminal(succeeded)).isTrue();
        assertThat(PodListing.isTerminal(failed)).isTrue();
        assertThat(PodListing.isTerminal(running)).isFalse();
        assertThat(PodListing.isTerminal(new PodBuilder().build())).isFalse();
    }
}
