package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A logs or exec request's container, and the answer a kubelet gives when it cannot be found. */
class ContainerTargetTest {
    private final Pod web = new PodBuilder(KubeletFixture.pod("team-a", "web", "eci-web", "app"))
            .editSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withImage("busybox")
            .endInitContainer()
            .endSpec()
            .build();
    private final Pod queued = new PodBuilder(KubeletFixture.pod("team-a", "queued", "eci-queued", "app"))
            .editMetadata()
            .withAnnotations(null)
            .endMetadata()
            .build();
    private final PodDirectory pods = (PodDirectory) () -> List.of(web, queued);

    @Test
    void findsTheContainerAndItsGroup() {
        ContainerTarget target = ContainerTarget.resolve(pods, "team-a", "web", null, "app");

        assertThat(target.pod()).isSameAs(web);
        assertThat(target.containerGroupId()).isEqualTo("eci-web");
        assertThat(target.podRef()).isEqualTo("team-a/web");
    }

    @Test
    void initContainersAreTargetsToo() {
        assertThat(ContainerTarget.resolve(pods, "team-a", "web", "uid-web", "migrate")
                        .container())
                .isEqualTo("migrate");
    }

    @Test
    void aPodThisNodeDoesNotHaveIsNotFound() {
        assertThatThrownBy(() -> ContainerTarget.resolve(pods, "team-b", "web", null, "app"))
                .isInstanceOf(ContainerTarget.PodNotFound.class)
                .hasMessage("pod team-b/web not found on this node");
    }

    @Test
    void aPodWithAnotherUidIsNotFound() {
        assertThatThrownBy(() -> ContainerTarget.resolve(pods, "team-a", "web", "uid-of-an-older-web", "app"))
                .isInstanceOf(ContainerTarget.PodNotFound.class);
    }

    @Test
    void anUnknownContainerIsABadRequest() {
        assertThatThrownBy(() -> ContainerTarget.resolve(pods, "team-a", "web", null, "db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("container db is not valid for pod web");
    }

    @Test
    void aPodWithoutAGroupYetIsWaitingToStart() {
        assertThatThrownBy(() -> ContainerTarget.resolve(pods, "team-a", "queued", null, "app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is waiting to start");
    }
}
