package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** When following a log stops: the container's instance ended, or the Pod or its group went away. */
class FollowedContainerTest {
    private final List<Pod> pods = new CopyOnWriteArrayList<>();
    private final PodDirectory directory = (PodDirectory) () -> List.copyOf(pods);
    private final Pod web = KubeletFixture.pod("team-a", "web", "eci-web", "app", "sidecar");
    private FollowedContainer followed;

    private void follow(String container) {
        pods.add(web);
        followed =
                new FollowedContainer(directory, ContainerTarget.resolve(directory, "team-a", "web", null, container));
        pods.clear();
    }

    private void show(Pod pod) {
        pods.clear();
        pods.add(pod);
    }

    private Pod withStatusOf(String container, ContainerStatusBuilder status) {
        Pod pod = new PodBuilder(web).build();
        pod.getStatus().getContainerStatuses().replaceAll(s -> s.getName().equals(container) ? status.build() : s);
        return pod;
    }

    @Test
    void keepsFollowingWhileTheContainerRuns() {
        follow("app");
        show(web);

        assertThat(followed.getAsBoolean()).isTrue();
    }

    @Test
    void stopsWhenThePodIsGone() {
        follow("app");

        assertThat(followed.getAsBoolean()).isFalse();
    }

    @Test
    void stopsWhenThePodRunsInAnotherGroup() {
        follow("app");
        show(new PodBuilder(web)
                .editMetadata()
                .addToAnnotations(PodDirectory.CONTAINER_GROUP_ID_ANNOTATION, "eci-web-2")
                .endMetadata()
                .build());

        assertThat(followed.getAsBoolean()).isFalse();
    }

    @Test
    void stopsWhenThePodFinished() {
        follow("app");
        show(new PodBuilder(web).editStatus().withPhase("Succeeded").endStatus().build());

        assertThat(followed.getAsBoolean()).isFalse();
    }

    @Test
    void stopsWhenTheContainerTerminatedWhateverItsSiblingDoes() {
        follow("app");
        show(withStatusOf(
                "app",
                new ContainerStatusBuilder()
                        .withName("app")
                        .withNewState()
                        .withNewTerminated()
                        .withExitCode(0)
                        .endTerminated()
                        .endState()));

        assertThat(followed.getAsBoolean()).isFalse();
    }

    @Test
    void stopsWhenTheContainerWaitsToRestartAfterItEnded() {
        follow("sidecar");
        show(withStatusOf(
                "sidecar",
                new ContainerStatusBuilder()
                        .withName("sidecar")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("CrashLoopBackOff")
                        .endWaiting()
                        .endState()
                        .withNewLastState()
                        .withNewTerminated()
                        .withExitCode(1)
                        .endTerminated()
                        .endLastState()));

        assertThat(followed.getAsBoolean()).isFalse();
    }

    @Test
    void keepsFollowingWhatIsNotKnownYet() {
        follow("app");
        show(withStatusOf(
                "app",
                new ContainerStatusBuilder()
                        .withName("app")
                        .withNewState()
                        .withNewWaiting()
                        .withReason("ContainerCreating")
                        .endWaiting()
                        .endState()));
        assertThat(followed.getAsBoolean()).as("waiting for its first start").isTrue();

        show(new PodBuilder(web).withStatus(null).build());
        assertThat(followed.getAsBoolean()).as("no status yet").isTrue();

        show(new PodBuilder(web)
                .editStatus()
                .withContainerStatuses()
                .endStatus()
                .build());
        assertThat(followed.getAsBoolean()).as("no status of this container").isTrue();
    }
}
