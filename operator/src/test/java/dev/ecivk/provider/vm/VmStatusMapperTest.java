package dev.ecivk.provider.vm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** vm-apis.md §5.3 as a table: instance state × agent report → group status, reason, readiness. */
class VmStatusMapperTest {
    static final Instant CREATED = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant NOW = CREATED.plus(Duration.ofMinutes(3));
    static final VmStatusMapper.Timing TIMING =
            new VmStatusMapper.Timing(Duration.ofSeconds(30), Duration.ofMinutes(5));

    enum Report {
        NONE,
        FRESH_RUNNING,
        SILENT_RUNNING,
        LOST_RUNNING,
        SUCCEEDED_LONG_AGO
    }

    static Stream<Arguments> table() {
        return Stream.of(
                // state, report, teardown asked, status, reason event (null: none), containers ready
                Arguments.of(VmInstance.State.PENDING, Report.NONE, false, "Pending", "InstanceCreating", null),
                Arguments.of(VmInstance.State.STARTING, Report.NONE, false, "Pending", "InstanceStarting", null),
                Arguments.of(VmInstance.State.RUNNING, Report.NONE, false, "Pending", null, null),
                Arguments.of(VmInstance.State.RUNNING, Report.FRESH_RUNNING, false, "Running", null, true),
                Arguments.of(VmInstance.State.RUNNING, Report.SILENT_RUNNING, false, "Running", "AgentSilent", false),
                Arguments.of(VmInstance.State.RUNNING, Report.LOST_RUNNING, false, "Failed", "AgentLost", false),
                Arguments.of(VmInstance.State.RUNNING, Report.SUCCEEDED_LONG_AGO, false, "Succeeded", null, false),
                Arguments.of(
                        VmInstance.State.STOPPING, Report.FRESH_RUNNING, false, "Failed", "InstanceStopped", false),
                Arguments.of(VmInstance.State.STOPPED, Report.NONE, false, "Failed", "InstanceStopped", null),
                Arguments.of(VmInstance.State.STOPPED, Report.SUCCEEDED_LONG_AGO, false, "Succeeded", null, false),
                Arguments.of(VmInstance.State.DELETED, Report.FRESH_RUNNING, false, "Failed", "InstanceLost", false),
                Arguments.of(VmInstance.State.ERROR, Report.NONE, false, "Failed", "InstanceError", null),
                Arguments.of(VmInstance.State.STOPPING, Report.FRESH_RUNNING, true, "Terminating", null, true),
                Arguments.of(VmInstance.State.STOPPED, Report.NONE, true, "Terminating", null, null));
    }

    @ParameterizedTest(name = "{0} with {1} report, teardown {2} → {3} {4}")
    @MethodSource("table")
    void mapsInstanceStateAndAgentReport(
            VmInstance.State state,
            Report report,
            boolean teardown,
            String status,
            String reason,
            Boolean containersReady) {
        ContainerGroupState group = VmStatusMapper.map(
                new VmStatusMapper.Observation(instance(state, false), report(report), teardown), TIMING, NOW);

        assertThat(group.status()).isEqualTo(status);
        assertThat(group.id()).isEqualTo("i-1");
        assertThat(group.intranetIp()).isEqualTo("10.0.0.7");
        if (reason == null) {
            assertThat(group.events())
                    .extracting(GroupEvent::reason)
                    .doesNotContain(
                            "InstanceCreating",
                            "InstanceStarting",
                            "AgentSilent",
                            "AgentLost",
                            "InstanceStopped",
                            "InstanceLost",
                            "InstanceError");
        } else {
            assertThat(group.events()).extracting(GroupEvent::reason).contains(reason);
        }
        if (containersReady == null) {
            assertThat(group.containers()).isEmpty();
        } else {
            assertThat(group.containers())
                    .singleElement()
                    .satisfies(c -> assertThat(c.ready()).isEqualTo(containersReady));
        }
        if ("Failed".equals(status) && !group.containers().isEmpty()) {
            // the VM took its containers down: they show as terminated with the VM's reason
            assertThat(group.containers().get(0).currentState().state()).isEqualTo(ContainerState.TERMINATED);
            assertThat(group.containers().get(0).currentState().reason()).isEqualTo(reason);
        }
    }

    @Test
    void anAgentThatNeverRegisteredIsLostAfterTheTimeout() {
        Instant late = CREATED.plus(Duration.ofMinutes(6));
        ContainerGroupState group = VmStatusMapper.map(
                new VmStatusMapper.Observation(instance(VmInstance.State.RUNNING, false), null, false), TIMING, late);
        assertThat(group.status()).isEqualTo("Failed");
        assertThat(group.events()).extracting(GroupEvent::reason).containsExactly("AgentLost");
    }

    @Test
    void aLockedInstanceSaysSoWhateverElseHappens() {
        ContainerGroupState group = VmStatusMapper.map(
                new VmStatusMapper.Observation(
                        instance(VmInstance.State.RUNNING, true), report(Report.FRESH_RUNNING), false),
                TIMING,
                NOW);
        assertThat(group.status()).isEqualTo("Running");
        assertThat(group.events()).extracting(GroupEvent::reason).contains("InstanceLocked");
        assertThat(group.events())
                .filteredOn(e -> "InstanceLocked".equals(e.reason()))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("security"));
    }

    @Test
    void eventsKeepTheirTimestampsAcrossPollsSoNoEventIsRewritten() {
        var observation = new VmStatusMapper.Observation(instance(VmInstance.State.STOPPED, false), null, false);
        ContainerGroupState first = VmStatusMapper.map(observation, TIMING, NOW);
        ContainerGroupState later = VmStatusMapper.map(observation, TIMING, NOW.plusSeconds(45));
        assertThat(later.events()).isEqualTo(first.events());
    }

    @Test
    void aVanishedInstanceIsLost() {
        ContainerGroupState group =
                VmStatusMapper.lost("i-9", Map.of("ecivk.dev/uid", "u-9"), report(Report.FRESH_RUNNING));
        assertThat(group.status()).isEqualTo("Failed");
        assertThat(group.tags()).containsEntry("ecivk.dev/uid", "u-9");
        assertThat(group.events()).extracting(GroupEvent::reason).contains("InstanceLost");
        assertThat(group.containers())
                .singleElement()
                .satisfies(c -> assertThat(c.currentState().reason()).isEqualTo("InstanceLost"));
    }

    static VmInstance instance(VmInstance.State state, boolean locked) {
        return new VmInstance(
                "i-1",
                "web-0",
                state,
                state.name(),
                "ecs.c7.large",
                "cn-hangzhou-a",
                "vsw-a",
                "10.0.0.7",
                CREATED,
                Map.of("ecivk.dev/uid", "u-1"),
                locked,
                locked ? "security" : null);
    }

    static AgentReport report(Report kind) {
        ContainerState running = new ContainerState("Running", "Running", null, null, null, null, CREATED, null);
        ContainerState done = new ContainerState("Terminated", "Completed", "Completed", null, 0, null, CREATED, NOW);
        return switch (kind) {
            case NONE -> null;
            case FRESH_RUNNING ->
                new AgentReport(
                        NOW.minusSeconds(2),
                        "Running",
                        List.of(),
                        List.of(new ContainerStatus("app", "nginx", true, 0, running, null)),
                        List.of(),
                        false);
            case SILENT_RUNNING ->
                new AgentReport(
                        NOW.minusSeconds(60),
                        "Running",
                        List.of(),
                        List.of(new ContainerStatus("app", "nginx", true, 0, running, null)),
                        List.of(),
                        false);
            case LOST_RUNNING ->
                new AgentReport(
                        NOW.minus(Duration.ofMinutes(6)),
                        "Running",
                        List.of(),
                        List.of(new ContainerStatus("app", "nginx", true, 0, running, null)),
                        List.of(),
                        false);
            case SUCCEEDED_LONG_AGO ->
                new AgentReport(
                        NOW.minus(Duration.ofMinutes(10)),
                        "Succeeded",
                        List.of(),
                        List.of(new ContainerStatus("app", "nginx", false, 0, done, null)),
                        List.of(),
                        false);
        };
    }
}
