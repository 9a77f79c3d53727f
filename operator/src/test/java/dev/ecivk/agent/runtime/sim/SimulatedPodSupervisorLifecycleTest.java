package dev.ecivk.agent.runtime.sim;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.exec;
import static dev.ecivk.agent.runtime.ContainerBuilder.http;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static dev.ecivk.agent.runtime.ContainerBuilder.tcp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.agent.runtime.PodSupervisor.Snapshot;
import dev.ecivk.agent.runtime.SteppedPacer;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.LogQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The kubelet semantics of the supervision engine, on the simulated runtime and a stepped clock. */
class SimulatedPodSupervisorLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final SteppedPacer pacer = new SteppedPacer(T0);
    private SimulatedPodSupervisor supervisor;

    @AfterEach
    void close() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private Snapshot start(ContainerGroupSpec spec) {
        supervisor = SimulatedPodSupervisor.paced("10.0.0.5", pacer);
        supervisor.start(spec);
        return supervisor.snapshot();
    }

    private Snapshot after(long seconds) {
        pacer.advance(Duration.ofSeconds(seconds));
        return supervisor.snapshot();
    }

    private static ContainerStatus status(Snapshot s, String name) {
        List<ContainerStatus> all = new ArrayList<>(s.initContainers());
        all.addAll(s.containers());
        return all.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static ContainerState current(Snapshot s, String name) {
        return status(s, name).currentState();
    }

    private static List<String> reasons(Snapshot s) {
        return s.events().stream().map(GroupEvent::reason).toList();
    }

    private static ContainerGroupSpec single(String policy, long grace, ContainerSpec c) {
        return pod("web", policy, grace, List.of(), List.of(c)).build();
    }

    @Test
    void initContainersRunOneAfterAnotherBeforeTheContainers() {
        Snapshot s = start(pod(
                        "web",
                        "Always",
                        30,
                        List.of(
                                container("init-a", "busybox")
                                        .script("echo a; sleep 2")
                                        .build(),
                                container("init-b", "busybox").script("sleep 3").build()),
                        List.of(container("app", "nginx").port(80).build()))
                .build());

        assertThat(s.phase()).isEqualTo("Pending");
        assertThat(current(s, "init-a").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(current(s, "init-b").reason()).isEqualTo("PodInitializing");
        assertThat(current(s, "app").reason()).isEqualTo("PodInitializing");

        s = after(2);
        assertThat(current(s, "init-a").state()).isEqualTo(ContainerState.TERMINATED);
        assertThat(current(s, "init-a").reason()).isEqualTo("Completed");
        assertThat(current(s, "init-b").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.WAITING);
        assertThat(status(s, "init-b").ready()).isFalse();

        s = after(3);
        assertThat(current(s, "init-b").exitCode()).isZero();
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(current(s, "app").startTime()).isEqualTo(T0.plusSeconds(5));
        assertThat(status(s, "app").ready()).isTrue();
        assertThat(s.phase()).isEqualTo("Running");
    }

    @Test
    void aFailedInitContainerFailsThePodUnderNever() {
        Snapshot s = start(pod(
                        "job",
                        "Never",
                        30,
                        List.of(container("migrate", "busybox").script("exit 4").build()),
                        List.of(container("app", "busybox").build()))
                .build());

        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(current(s, "migrate").exitCode()).isEqualTo(4);
        assertThat(current(s, "migrate").reason()).isEqualTo("Error");
        assertThat(current(s, "app").reason()).isEqualTo("PodInitializing");
        assertThat(after(60).containers().get(0).restartCount()).isZero();
    }

    @Test
    void aFailedInitContainerIsRetriedWithBackOffUnderOnFailure() {
        Snapshot s = start(pod(
                        "job",
                        "OnFailure",
                        30,
                        List.of(container("migrate", "busybox").script("exit 4").build()),
                        List.of(container("app", "busybox").build()))
                .build());

        assertThat(status(s, "migrate").restartCount()).isEqualTo(1);
        assertThat(current(s, "migrate").reason()).isEqualTo("CrashLoopBackOff");
        assertThat(s.phase()).isEqualTo("Pending");
        assertThat(status(after(10), "migrate").restartCount()).isEqualTo(2);
    }

    @Test
    void aCrashingContainerRestartsAfterTenTwentyFortySecondsOfBackOff() {
        Snapshot s = start(single(
                "Always",
                30,
                container("app", "busybox").script("echo boom; exit 1").build()));

        // The first restart is immediate, then 10 s, 20 s, 40 s: restarts at 0, 10, 30 and 70 s.
        assertThat(status(s, "app").restartCount()).isEqualTo(1);
        ContainerState waiting = current(s, "app");
        assertThat(waiting.reason()).isEqualTo("CrashLoopBackOff");
        assertThat(waiting.message()).isEqualTo("back-off 10s restarting failed container=app pod=web");
        ContainerState last = status(s, "app").previousState();
        assertThat(last.state()).isEqualTo(ContainerState.TERMINATED);
        assertThat(last.exitCode()).isEqualTo(1);
        assertThat(last.reason()).isEqualTo("Error");
        assertThat(s.phase()).isEqualTo("Running");

        assertThat(status(after(9), "app").restartCount()).isEqualTo(1);
        s = after(1);
        assertThat(status(s, "app").restartCount()).isEqualTo(2);
        assertThat(current(s, "app").message()).contains("back-off 20s");
        assertThat(status(after(19), "app").restartCount()).isEqualTo(2);
        assertThat(status(after(1), "app").restartCount()).isEqualTo(3);
        s = after(60);
        assertThat(status(s, "app").restartCount()).isEqualTo(4);
        assertThat(current(s, "app").message()).contains("back-off 1m20s");
        assertThat(s.events())
                .filteredOn(e -> e.reason().equals("BackOff"))
                .singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(4));
    }

    @Test
    void theBackOffStopsAtFiveMinutes() {
        start(single("Always", 30, container("app", "busybox").script("exit 1").build()));

        Snapshot s = after(3600);
        assertThat(current(s, "app").message()).contains("back-off 5m0s");
        // 0, 10, 30, 70, 150, 310, 610 s, then every 300 s: 610 + 10 × 300 = 3610.
        assertThat(status(s, "app").restartCount()).isEqualTo(16);
    }

    @Test
    void aRunOfTenMinutesResetsTheBackOff() {
        start(single(
                "Always",
                30,
                container("app", "busybox").script("sleep 600; exit 1").build()));

        Snapshot s = after(600);
        assertThat(status(s, "app").restartCount()).isEqualTo(1);
        s = after(600);
        // The second crash after ten minutes of running restarts at once, not after 10 s.
        assertThat(status(s, "app").restartCount()).isEqualTo(2);
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void restartPoliciesDecideWhichExitsRestart() {
        start(pod(
                        "mix",
                        "OnFailure",
                        30,
                        List.of(),
                        List.of(
                                container("ok", "busybox")
                                        .script("sleep 1; exit 0")
                                        .build(),
                                container("bad", "busybox")
                                        .script("sleep 1; exit 3")
                                        .build()))
                .build());
        Snapshot s = after(1);
        assertThat(current(s, "ok").state()).isEqualTo(ContainerState.TERMINATED);
        assertThat(current(s, "ok").reason()).isEqualTo("Completed");
        assertThat(status(s, "bad").restartCount()).isEqualTo(1);
        assertThat(s.phase()).isEqualTo("Running");
    }

    @Test
    void underNeverThePodSucceedsOrFailsWithItsContainers() {
        start(pod(
                        "job",
                        "Never",
                        30,
                        List.of(),
                        List.of(
                                container("a", "busybox").script("sleep 1").build(),
                                container("b", "busybox")
                                        .script("sleep 2; exit 2")
                                        .build()))
                .build());
        assertThat(after(1).phase()).isEqualTo("Running");
        Snapshot s = after(1);
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(current(s, "b").exitCode()).isEqualTo(2);
        assertThat(status(s, "b").restartCount()).isZero();
    }

    @Test
    void aPodWhoseContainersAllExitZeroUnderNeverSucceeds() {
        start(single("Never", 30, container("a", "busybox").script("echo done").build()));
        assertThat(supervisor.snapshot().phase()).isEqualTo("Succeeded");
    }

    @Test
    void readinessFollowsAnHttpProbeAfterItsInitialDelay() {
        start(single(
                "Always",
                30,
                container("web", "nginx")
                        .port(8080)
                        .readiness(http(8080, "/healthz", 5, 10))
                        .build()));

        assertThat(status(supervisor.snapshot(), "web").ready()).isFalse();
        assertThat(status(after(4), "web").ready()).isFalse();
        assertThat(status(after(1), "web").ready()).isTrue();
    }

    @Test
    void aProbeOfAPortNobodyListensOnNeverGetsReadyAndSaysWhy() {
        start(single(
                "Always",
                30,
                container("web", "nginx").port(8080).readiness(tcp(9090, 0, 5)).build()));

        Snapshot s = after(30);
        assertThat(status(s, "web").ready()).isFalse();
        GroupEvent unhealthy = s.events().stream()
                .filter(e -> e.reason().equals("Unhealthy"))
                .findFirst()
                .orElseThrow();
        assertThat(unhealthy.type()).isEqualTo("Warning");
        assertThat(unhealthy.message())
                .isEqualTo("Readiness probe failed: dial tcp 10.0.0.5:9090: connect: connection refused");
        assertThat(unhealthy.count()).isEqualTo(7);
        assertThat(s.phase()).isEqualTo("Running");
    }

    @Test
    void execProbesOfProgramsTheModelDoesNotKnowPassAndModelledFailuresFail() {
        start(pod(
                        "db",
                        "Always",
                        30,
                        List.of(),
                        List.of(
                                container("redis", "redis:7")
                                        .readiness(exec(0, 5, 3, "redis-cli", "ping"))
                                        .build(),
                                container("broken", "busybox")
                                        .readiness(exec(0, 5, 3, "sh", "-c", "exit 1"))
                                        .build(),
                                container("slow", "busybox")
                                        .readiness(exec(0, 5, 3, "sleep", "5"))
                                        .build()))
                .build());

        Snapshot s = after(1);
        assertThat(status(s, "redis").ready()).isTrue();
        assertThat(status(s, "broken").ready()).isFalse();
        assertThat(status(s, "slow").ready())
                .as("a probe slower than its 1 s timeout fails")
                .isFalse();
        assertThat(s.events()).anySatisfy(e -> assertThat(e.message()).startsWith("Readiness probe failed: timeout"));
    }

    @Test
    void execProbesSeeTheMountedConfigFilesByTheEmbeddedEcisRule() {
        String conf = java.util.Base64.getEncoder().encodeToString("port=6379\n".getBytes());
        start(pod(
                        "cfg",
                        "Always",
                        30,
                        List.of(),
                        List.of(
                                container("present", "busybox")
                                        .mount("cfg", "/etc/app", true, null)
                                        .readiness(exec(0, 5, 3, "test", "-s", "/etc/app/app.conf"))
                                        .build(),
                                container("absent", "busybox")
                                        .mount("cfg", "/etc/app", true, null)
                                        .readiness(exec(0, 5, 3, "cat", "/etc/app/missing.conf"))
                                        .build(),
                                container("image-own", "busybox")
                                        .mount("cfg", "/etc/app", true, null)
                                        .readiness(exec(0, 5, 3, "test", "-f", "/var/run/app.pid"))
                                        .build()))
                .volumes(List.of(dev.ecivk.provider.model.VolumeSpec.configFile(
                        "cfg",
                        null,
                        List.of(new dev.ecivk.provider.model.VolumeSpec.ConfigFile("app.conf", conf, null)))))
                .build());

        Snapshot s = after(1);
        assertThat(status(s, "present").ready()).isTrue();
        assertThat(status(s, "absent").ready())
                .as("a file of a directory mounted whole is known to be missing")
                .isFalse();
        assertThat(status(s, "image-own").ready())
                .as("outside the mounts: the image's own")
                .isTrue();
    }

    @Test
    void aFailingLivenessProbeKillsTheContainerAfterTheGracePeriodAndItRestarts() {
        start(single(
                "Always",
                5,
                container("app", "busybox")
                        .script("sleep 3600")
                        .liveness(exec(0, 10, 3, "sh", "-c", "exit 1"))
                        .build()));

        // Probes at 0, 10 and 20 s fail; the third makes the verdict. sleep as PID 1 ignores SIGTERM: SIGKILL at 25 s.
        Snapshot s = after(20);
        assertThat(reasons(s)).contains("Unhealthy", "Killing");
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status(s, "app").ready()).isFalse();
        s = after(4);
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(status(s, "app").restartCount()).isZero();
        s = after(1);
        assertThat(status(s, "app").restartCount()).isEqualTo(1);
        assertThat(status(s, "app").previousState().exitCode()).isEqualTo(137);
        assertThat(status(s, "app").previousState().finishTime()).isEqualTo(T0.plusSeconds(25));
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void aServerEndsAtSigtermWithoutWaitingForTheGracePeriod() {
        start(single(
                "Always", 30, container("web", "nginx").liveness(tcp(81, 0, 10)).build()));

        Snapshot s = after(20);
        assertThat(status(s, "web").restartCount()).isEqualTo(1);
        assertThat(status(s, "web").previousState().exitCode()).isEqualTo(143);
        assertThat(status(s, "web").previousState().finishTime()).isEqualTo(T0.plusSeconds(20));
    }

    @Test
    void aFailingPostStartHookKillsTheContainer() {
        start(single(
                "Never",
                30,
                container("app", "nginx").postStart("sh", "-c", "exit 2").build()));

        Snapshot s = supervisor.snapshot();
        assertThat(s.events())
                .filteredOn(e -> e.reason().equals("FailedPostStartHook"))
                .singleElement()
                .satisfies(e -> assertThat(e.message()).contains("exited with 2"));
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.TERMINATED);
        assertThat(current(s, "app").exitCode()).isEqualTo(143);
        assertThat(s.phase()).isEqualTo("Failed");
    }

    @Test
    void terminationRunsPreStopThenSigtermAndKillsWhatIgnoresItAtTheEndOfTheGracePeriod() {
        start(pod(
                        "web",
                        "Always",
                        10,
                        List.of(),
                        List.of(
                                container("server", "nginx")
                                        .preStop("sleep", "3")
                                        .build(),
                                container("sidecar", "busybox")
                                        .script("sleep 3600")
                                        .build()))
                .build());

        supervisor.terminate();
        Snapshot s = after(2);
        assertThat(current(s, "server").state()).as("preStop still running").isEqualTo(ContainerState.RUNNING);
        assertThat(status(s, "server").ready()).isFalse();
        s = after(1);
        assertThat(current(s, "server").exitCode()).isEqualTo(143);
        assertThat(current(s, "server").finishTime()).isEqualTo(T0.plusSeconds(3));
        assertThat(current(s, "sidecar").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(supervisor.terminated()).isFalse();
        s = after(7);
        assertThat(current(s, "sidecar").exitCode()).isEqualTo(137);
        assertThat(current(s, "sidecar").finishTime()).isEqualTo(T0.plusSeconds(10));
        assertThat(status(s, "sidecar").restartCount())
                .as("no restart while terminating")
                .isZero();
        assertThat(supervisor.terminated()).isTrue();
    }

    @Test
    void aPreStopHookThatNeverEndsUsesTheWholeGracePeriodAndTheContainerStillGetsTwoSeconds() {
        start(single(
                "Always",
                10,
                container("server", "nginx").preStop("sleep", "infinity").build()));

        supervisor.terminate();
        Snapshot s = after(10);
        assertThat(current(s, "server").exitCode()).isEqualTo(143);
        assertThat(s.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("FailedPreStopHook"));
        assertThat(supervisor.terminated()).isTrue();
    }

    @Test
    void aStopWithItsOwnGracePeriodRunsPreStopIntoTheLogThenTheTrapAndKillsWhatIgnoresItAtItsEnd() throws Exception {
        start(pod(
                        "web",
                        "Always",
                        30,
                        List.of(),
                        List.of(
                                container("graceful", "busybox")
                                        .script("trap 'echo got-TERM; exit 0' TERM; echo up; sleep 3600")
                                        .preStop("sh", "-c", "echo prestop-ran > /proc/1/fd/1; sleep 1")
                                        .build(),
                                container("stubborn", "busybox")
                                        .script("sleep 3600")
                                        .build()))
                .build());
        after(10);

        supervisor.stop(Duration.ofSeconds(5));
        Snapshot s = supervisor.snapshot();
        assertThat(supervisor.logs("graceful", LogQuery.all())).isEqualTo("up\nprestop-ran\n");
        assertThat(current(s, "graceful").state()).as("preStop still running").isEqualTo(ContainerState.RUNNING);
        s = after(1);
        assertThat(current(s, "graceful").exitCode()).isZero();
        assertThat(current(s, "graceful").reason()).isEqualTo("Completed");
        assertThat(current(s, "graceful").finishTime()).isEqualTo(T0.plusSeconds(11));
        assertThat(supervisor.logs("graceful", LogQuery.all())).isEqualTo("up\nprestop-ran\ngot-TERM\n");
        assertThat(current(s, "stubborn").state()).isEqualTo(ContainerState.RUNNING);
        assertThat(s.stopped()).isFalse();
        assertThat(s.phase()).isEqualTo("Running");

        s = after(4);
        assertThat(current(s, "stubborn").exitCode())
                .as("killed when the stop's grace period, not the Pod's 30 s, is over")
                .isEqualTo(137);
        assertThat(current(s, "stubborn").finishTime()).isEqualTo(T0.plusSeconds(15));
        assertThat(s.stopped()).isTrue();
        assertThat(s.phase()).as("final whatever the restart policy").isEqualTo("Failed");
        assertThat(status(after(600), "graceful").restartCount()).isZero();

        supervisor.stop(Duration.ofSeconds(1));
        assertThat(supervisor.snapshot().stopped())
                .as("a second stop changes nothing")
                .isTrue();
    }

    @Test
    void aStoppedPodWhoseContainersAllExitZeroSucceeds() {
        start(single(
                "Always",
                30,
                container("app", "busybox")
                        .script("trap 'exit 0' TERM; sleep 3600")
                        .build()));
        after(1);

        supervisor.stop(Duration.ofSeconds(30));
        Snapshot s = after(0);
        assertThat(current(s, "app").exitCode()).isZero();
        assertThat(s.stopped()).isTrue();
        assertThat(s.phase()).isEqualTo("Succeeded");
    }

    @Test
    void aPodStoppedDuringItsInitContainersNeverStartsItsContainers() {
        start(pod(
                        "web",
                        "Always",
                        30,
                        List.of(container("wait", "busybox").script("sleep 10").build()),
                        List.of(container("app", "busybox").script("sleep 3600").build()))
                .build());
        after(1);

        supervisor.stop(Duration.ofSeconds(3));
        Snapshot s = after(3);
        assertThat(current(s, "wait").exitCode()).isEqualTo(137);
        assertThat(s.stopped()).isTrue();
        assertThat(s.phase()).isEqualTo("Failed");
        s = after(60);
        assertThat(current(s, "app").state()).isEqualTo(ContainerState.WAITING);
        assertThat(current(s, "app").startTime()).isNull();
    }

    @Test
    void closeStopsEverythingWithinTheGracePeriod() {
        start(single(
                "Always", 15, container("app", "busybox").script("sleep 3600").build()));

        supervisor.close();
        assertThat(supervisor.terminated()).isTrue();
        assertThat(pacer.now()).isEqualTo(T0.plusSeconds(15));
        supervisor = null;
    }

    @Test
    void theActiveDeadlineFailsThePodAndStopsItsContainersForGood() throws Exception {
        start(pod(
                        "job",
                        "Always",
                        5,
                        List.of(),
                        List.of(container("worker", "busybox")
                                .script("echo working; sleep 3600")
                                .build()))
                .activeDeadlineSeconds(30L)
                .build());

        assertThat(after(29).phase()).isEqualTo("Running");
        Snapshot s = after(1);
        assertThat(s.phase()).isEqualTo("Failed");
        assertThat(reasons(s)).contains("DeadlineExceeded");
        s = after(5);
        assertThat(current(s, "worker").exitCode()).isEqualTo(137);
        assertThat(current(s, "worker").finishTime()).isEqualTo(T0.plusSeconds(35));
        assertThat(status(after(600), "worker").restartCount()).isZero();
        assertThat(supervisor.logs("worker", LogQuery.all())).isEqualTo("working\n");
    }
}
