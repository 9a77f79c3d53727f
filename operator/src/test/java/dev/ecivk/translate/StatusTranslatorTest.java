package dev.ecivk.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class StatusTranslatorTest {
    static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-11-22T10:05:00.123456Z");

    static Pod pod(String... containers) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .withNamespace("default")
                .withUid("uid-1")
                .endMetadata()
                .withNewSpec()
                .withNodeName("vk")
                .endSpec();
        for (String c : containers) {
            b.editSpec()
                    .addNewContainer()
                    .withName(c)
                    .withImage(c + ":1")
                    .endContainer()
                    .endSpec();
        }
        return b.build();
    }

    static ContainerState running(Instant started) {
        return new ContainerState(ContainerState.RUNNING, "working", "Started", null, null, null, started, null);
    }

    static ContainerState terminated(int exit, String reason, Instant started, Instant finished) {
        return new ContainerState(ContainerState.TERMINATED, null, reason, null, exit, null, started, finished);
    }

    /** A group of this status and IP with these containers (also the Pod decision's tests' group). */
    public static ContainerGroupState group(String status, String ip, List<ContainerStatus> containers) {
        return new ContainerGroupState(
                "eci-123",
                "default-web",
                status,
                "cn-hangzhou",
                "cn-hangzhou-k",
                "vsw-a",
                ip,
                null,
                null,
                T0,
                null,
                null,
                null,
                "Always",
                1.0,
                2.0,
                null,
                Map.of(),
                containers,
                List.of(),
                List.of());
    }

    static String condition(PodStatus status, String type) {
        return status.getConditions().stream()
                .filter(c -> c.getType().equals(type))
                .map(PodCondition::getStatus)
                .findFirst()
                .orElse("missing");
    }

    @ParameterizedTest
    @CsvSource({
        "Pending,Pending",
        "Scheduling,Pending",
        "ScheduleFailed,Failed",
        "Running,Running",
        "Succeeded,Succeeded",
        "Failed,Failed",
        "Restarting,Running",
        "Updating,Running",
        "Terminating,Running",
        "Expired,Failed"
    })
    void mapsEveryEciStatusToAPhase(String eci, String phase) {
        assertThat(StatusTranslator.phase(eci)).isEqualTo(phase);
    }

    @Test
    void readyComesFromTheContainersReadyFlagNotFromRunning() {
        ContainerGroupState notReady =
                group("Running", "10.0.0.5", List.of(new ContainerStatus("app", "app:1", false, 0, running(T0), null)));
        PodStatus s = StatusTranslator.toPodStatus(pod("app"), notReady, "192.168.1.1", NOW);
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(condition(s, "Ready")).isEqualTo("False");
        assertThat(condition(s, "ContainersReady")).isEqualTo("False");
        assertThat(condition(s, "Initialized")).isEqualTo("True");
        assertThat(condition(s, "PodReadyToStartContainers")).isEqualTo("True");
        assertThat(s.getContainerStatuses().get(0).getReady()).isFalse();
        assertThat(s.getContainerStatuses().get(0).getStarted()).isTrue();

        ContainerGroupState ready =
                group("Running", "10.0.0.5", List.of(new ContainerStatus("app", "app:1", true, 0, running(T0), null)));
        PodStatus r = StatusTranslator.toPodStatus(pod("app"), ready, "192.168.1.1", NOW);
        assertThat(condition(r, "Ready")).isEqualTo("True");
        assertThat(condition(r, "ContainersReady")).isEqualTo("True");
    }

    @Test
    void reportsAddressesTimesAndContainerIdentity() {
        ContainerGroupState g =
                group("Running", "10.0.0.5", List.of(new ContainerStatus("app", "app:1", true, 2, running(T0), null)));
        PodStatus s = StatusTranslator.toPodStatus(pod("app"), g, "192.168.1.1", NOW);
        assertThat(s.getPodIP()).isEqualTo("10.0.0.5");
        assertThat(s.getPodIPs()).extracting(p -> p.getIp()).containsExactly("10.0.0.5");
        assertThat(s.getHostIP()).isEqualTo("192.168.1.1");
        assertThat(s.getStartTime()).isEqualTo("2026-11-22T10:00:00Z");
        var cs = s.getContainerStatuses().get(0);
        assertThat(cs.getContainerID()).isEqualTo("eci://eci-123/app");
        assertThat(cs.getRestartCount()).isEqualTo(2);
        assertThat(cs.getState().getRunning().getStartedAt()).isEqualTo("2026-11-22T10:00:00Z");
        // times carry whole seconds, as the apiserver stores them, so an unchanged status compares equal
        assertThat(s.getConditions())
                .allSatisfy(c -> assertThat(c.getLastTransitionTime()).doesNotContain("."));
    }

    @Test
    void succeededJobKeepsExitCodeAndCompletedReason() {
        ContainerGroupState g = group(
                "Succeeded",
                "10.0.0.5",
                List.of(new ContainerStatus(
                        "job", "job:1", false, 0, terminated(0, "completed", T0, T0.plusSeconds(5)), null)));
        PodStatus s = StatusTranslator.toPodStatus(pod("job"), g, "192.168.1.1", NOW);
        assertThat(s.getPhase()).isEqualTo("Succeeded");
        var t = s.getContainerStatuses().get(0).getState().getTerminated();
        assertThat(t.getExitCode()).isZero();
        assertThat(t.getReason()).isEqualTo("Completed");
        assertThat(t.getFinishedAt()).isEqualTo("2026-11-22T10:00:05Z");
        assertThat(condition(s, "Ready")).isEqualTo("False");
        assertThat(s.getConditions())
                .filteredOn(c -> c.getType().equals("Ready"))
                .singleElement()
                .satisfies(c -> assertThat(c.getReason()).isEqualTo("PodCompleted"));
    }

    /** ECI's wait between restarts, under either name, reads as the kubelet's CrashLoopBackOff on a Running Pod. */
    @ParameterizedTest
    @CsvSource({
        "CrashLoopBackOff,back-off 20s restarting failed container=app pod=g(eci-123),1",
        "BackOff,Back-off 10s restarting,1",
        "CrashLoopBackOff,back-off 5m0s restarting failed container=app pod=g(eci-123),137"
    })
    void crashLoopShowsRestartsLastStateAndCrashLoopBackOff(String eciReason, String message, int lastExit) {
        ContainerState waiting =
                new ContainerState(ContainerState.WAITING, null, eciReason, message, null, null, null, null);
        ContainerGroupState g = group(
                "Running",
                "10.0.0.5",
                List.of(new ContainerStatus(
                        "app", "app:1", false, 3, waiting, terminated(lastExit, "Error", T0, T0.plusSeconds(1)))));
        PodStatus s = StatusTranslator.toPodStatus(pod("app"), g, "192.168.1.1", NOW);
        assertThat(s.getPhase()).isEqualTo("Running");
        assertThat(condition(s, "Ready")).isEqualTo("False");
        assertThat(condition(s, "ContainersReady")).isEqualTo("False");
        var cs = s.getContainerStatuses().get(0);
        assertThat(cs.getRestartCount()).isEqualTo(3);
        assertThat(cs.getReady()).isFalse();
        assertThat(cs.getStarted()).isFalse();
        assertThat(cs.getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
        assertThat(cs.getState().getWaiting().getMessage()).isEqualTo(message);
        assertThat(cs.getLastState().getTerminated().getExitCode()).isEqualTo(lastExit);
        assertThat(cs.getLastState().getTerminated().getReason()).isEqualTo("Error");
        assertThat(cs.getLastState().getTerminated().getFinishedAt()).isEqualTo("2026-11-22T10:00:01Z");
    }

    @Test
    void pendingGroupShowsContainerCreatingAndNoIp() {
        ContainerGroupState g = group("Pending", null, List.of());
        PodStatus s = StatusTranslator.toPodStatus(pod("a", "b"), g, "192.168.1.1", NOW);
        assertThat(s.getPhase()).isEqualTo("Pending");
        assertThat(s.getPodIP()).isNull();
        assertThat(s.getContainerStatuses())
                .extracting(c -> c.getState().getWaiting().getReason())
                .containsExactly("ContainerCreating", "ContainerCreating");
        assertThat(condition(s, "PodReadyToStartContainers")).isEqualTo("False");
    }

    @Test
    void initContainersGateInitialized() {
        Pod pod = new PodBuilder(pod("app"))
                .editSpec()
                .addNewInitContainer()
                .withName("init")
                .withImage("busybox")
                .endInitContainer()
                .endSpec()
                .build();
        ContainerGroupState running = new ContainerGroupState(
                "eci-1",
                "n",
                "Pending",
                null,
                null,
                null,
                "10.0.0.9",
                null,
                null,
                T0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                List.of(),
                List.of(new ContainerStatus("init", "busybox", false, 0, running(T0), null)),
                List.of());
        assertThat(condition(StatusTranslator.toPodStatus(pod, running, "h", NOW), "Initialized"))
                .isEqualTo("False");

        ContainerGroupState done = new ContainerGroupState(
                "eci-1",
                "n",
                "Running",
                null,
                null,
                null,
                "10.0.0.9",
                null,
                null,
                T0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                List.of(new ContainerStatus("app", "app:1", true, 0, running(T0), null)),
                List.of(new ContainerStatus("init", "busybox", false, 0, terminated(0, "Completed", T0, T0), null)),
                List.of());
        PodStatus s = StatusTranslator.toPodStatus(pod, done, "h", NOW);
        assertThat(condition(s, "Initialized")).isEqualTo("True");
        assertThat(s.getInitContainerStatuses()
                        .get(0)
                        .getState()
                        .getTerminated()
                        .getExitCode())
                .isZero();
        assertThat(s.getInitContainerStatuses().get(0).getReady()).isFalse();
    }

    @Test
    void unchangedObservationYieldsAnEqualStatus() {
        ContainerGroupState g =
                group("Running", "10.0.0.5", List.of(new ContainerStatus("app", "app:1", true, 0, running(T0), null)));
        Pod pod = pod("app");
        PodStatus first = StatusTranslator.toPodStatus(pod, g, "h", NOW);
        Pod written = new PodBuilder(pod).withStatus(first).build();
        PodStatus second = StatusTranslator.toPodStatus(written, g, "h", NOW.plusSeconds(30));
        assertThat(second).isEqualTo(first);
    }

    @Test
    void keepsConditionsOwnedByOthers() {
        Pod pod = new PodBuilder(pod("app"))
                .withNewStatus()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("True")
                .endCondition()
                .addNewCondition()
                .withType("DisruptionTarget")
                .withStatus("True")
                .endCondition()
                .endStatus()
                .build();
        PodStatus s = StatusTranslator.toPodStatus(pod, group("Pending", null, List.of()), "h", NOW);
        assertThat(s.getConditions())
                .extracting(PodCondition::getType)
                .contains("PodScheduled", "DisruptionTarget", "Ready", "ContainersReady", "Initialized");
    }

    @Test
    void failedGroupCarriesTheLastWarningAsMessage() {
        ContainerGroupState g = new ContainerGroupState(
                "eci-1",
                "n",
                "Failed",
                null,
                null,
                null,
                null,
                null,
                null,
                T0,
                null,
                T0,
                null,
                null,
                null,
                null,
                null,
                Map.of(),
                List.of(),
                List.of(),
                List.of(new GroupEvent("Warning", "FailedPull", "image not found", "app", 1, T0, T0)));
        PodStatus s = StatusTranslator.toPodStatus(pod("app"), g, "h", NOW);
        assertThat(s.getPhase()).isEqualTo("Failed");
        assertThat(s.getMessage()).contains("FailedPull").contains("image not found");
    }

    @Test
    void vanishedGroupFailsThePodWithProviderFailed() {
        PodStatus s = StatusTranslator.vanished(pod("app"), NOW, "gone");
        assertThat(s.getPhase()).isEqualTo("Failed");
        assertThat(s.getReason()).isEqualTo("ProviderFailed");
        assertThat(s.getContainerStatuses().get(0).getState().getTerminated().getReason())
                .isEqualTo("ContainerGroupVanished");
        assertThat(condition(s, "Ready")).isEqualTo("False");
    }
}
