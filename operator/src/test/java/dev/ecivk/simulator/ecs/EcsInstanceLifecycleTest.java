package dev.ecivk.simulator.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.simulator.SimCounters;
import dev.ecivk.simulator.vm.VmBootHook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Instance states and their timings against a clock the test moves; boots and shutdowns through the hook. */
class EcsInstanceLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final List<String> events = new ArrayList<>();
    private final VmBootHook hook = (id, ip, userData) -> {
        events.add("boot " + id + " " + ip + " " + userData);
        return () -> events.add("shutdown " + id);
    };

    private EcsSimulatorSettings settings() {
        return EcsSimulatorSettings.builder()
                .pendingDelay(Duration.ofSeconds(3))
                .startingDelay(Duration.ofSeconds(5))
                .stoppingDelay(Duration.ofSeconds(4))
                .forceStoppingDelay(Duration.ofSeconds(1))
                .clock(Clock.fixed(T0, ZoneOffset.UTC))
                .bootHook(hook)
                .build();
    }

    private EcsInstance launch(EcsInstanceStore store, EcsSimulatorSettings settings, String userData) {
        InstanceTypeCatalogue catalogue = new InstanceTypeCatalogue(List.copyOf(settings.zones()));
        EcsInstance.Launch launch = new EcsInstance.Launch(
                "web-1",
                null,
                null,
                catalogue.get("ecs.g7.large"),
                "cn-hangzhou-a",
                "vsw-sim-a",
                EcsSimulatorSettings.DEFAULT_SECURITY_GROUP,
                EcsSimulatorSettings.DEFAULT_IMAGE,
                Map.of("k", "v"),
                Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8)),
                null,
                40,
                "cloud_efficiency");
        String id = store.run(Map.of(), List.of(launch), T0).instanceIds().get(0);
        return store.get(id, T0);
    }

    @Test
    void runsThroughPendingAndStartingAtTheConfiguredTimesAndBootsWithItsUserData() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "#!/bin/sh\necho agent");

        assertThat(i.status()).isEqualTo(EcsInstance.Status.Pending);
        i.advance(T0.plusMillis(2999));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Pending);
        i.advance(T0.plusSeconds(3));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Starting);
        assertThat(events).isEmpty();
        i.advance(T0.plusMillis(7999));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Starting);
        i.advance(T0.plusSeconds(8));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Running);
        assertThat(i.startTime()).isEqualTo(T0.plusSeconds(8));
        assertThat(events).containsExactly("boot " + i.id + " 10.1.0.2 #!/bin/sh\necho agent");
    }

    @Test
    void aLateLookPassesEveryTransitionAtItsOwnTime() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "x");

        i.advance(T0.plus(Duration.ofHours(1)));

        assertThat(i.status()).isEqualTo(EcsInstance.Status.Running);
        assertThat(i.startTime()).isEqualTo(T0.plusSeconds(8));
    }

    @Test
    void stopShutsTheVmDownAtOnceAndStopsAfterTheStopDelayThenStartsAndBootsAgain() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "x");
        Instant running = T0.plusSeconds(8);

        assertThat(i.start(running)).as("a running instance does not start").isFalse();
        assertThat(i.stop(false, running)).isTrue();
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Stopping);
        assertThat(events).containsExactly("boot " + i.id + " 10.1.0.2 x", "shutdown " + i.id);
        assertThat(i.stop(false, running.plusSeconds(1)))
                .as("a stopping instance does not stop again")
                .isFalse();
        i.advance(running.plusMillis(3999));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Stopping);
        i.advance(running.plusSeconds(4));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Stopped);

        assertThat(i.start(running.plusSeconds(10))).isTrue();
        i.advance(running.plusSeconds(15));
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Running);
        assertThat(events).hasSize(3).last().isEqualTo("boot " + i.id + " 10.1.0.2 x");
    }

    @Test
    void aForcedStopTakesTheForcedDelay() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "x");
        Instant running = T0.plusSeconds(8);

        assertThat(i.stop(true, running)).isTrue();
        i.advance(running.plusSeconds(1));

        assertThat(i.status()).isEqualTo(EcsInstance.Status.Stopped);
    }

    @Test
    void pendingAndStartingInstancesDoNotStop() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "x");

        assertThat(i.stop(true, T0.plusSeconds(1))).isFalse();
        assertThat(i.stop(true, T0.plusSeconds(4))).isFalse();
        assertThat(i.status()).isEqualTo(EcsInstance.Status.Starting);
    }

    @Test
    void releaseShutsDownARunningVmAndFreesItsAddressForTheNextInstance() {
        EcsSimulatorSettings settings = settings();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance first = launch(store, settings, "x");
        first.advance(T0.plusSeconds(8));

        assertThat(store.release(first.id)).isTrue();
        assertThat(store.release(first.id)).isFalse();
        assertThat(store.get(first.id, T0)).isNull();
        assertThat(events).last().isEqualTo("shutdown " + first.id);
        assertThat(launch(store, settings, "y").privateIp).isEqualTo(first.privateIp);
    }

    @Test
    void aFailingBootLeavesTheInstanceRunning() {
        EcsSimulatorSettings settings = settings().toBuilder()
                .bootHook((id, ip, userData) -> {
                    throw new IllegalStateException("cannot parse " + userData);
                })
                .build();
        EcsInstanceStore store = new EcsInstanceStore(settings, new SimCounters());
        EcsInstance i = launch(store, settings, "x");

        i.advance(T0.plusSeconds(8));

        assertThat(i.status()).isEqualTo(EcsInstance.Status.Running);
    }
}
