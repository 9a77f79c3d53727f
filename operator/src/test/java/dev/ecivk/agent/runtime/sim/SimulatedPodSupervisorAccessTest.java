package dev.ecivk.agent.runtime.sim;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodSupervisor.OutputListener;
import dev.ecivk.agent.runtime.PodSupervisor.Snapshot;
import dev.ecivk.agent.runtime.SteppedPacer;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState.ContainerState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.VolumeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logs, follow, exec, stats, image pulls and volumes of the simulated supervisor, on a stepped clock. */
class SimulatedPodSupervisorAccessTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String COUNTING = "echo one; sleep 1; echo two; sleep 1; echo three; sleep 1; exit 1";

    private final SteppedPacer pacer = new SteppedPacer(T0);
    private SimulatedPodSupervisor supervisor;

    @AfterEach
    void close() {
        supervisor.close();
    }

    private void start(ContainerGroupSpec spec) {
        supervisor = SimulatedPodSupervisor.paced("10.0.0.7", pacer);
        supervisor.start(spec);
    }

    private void start(String policy, ContainerSpec... containers) {
        start(pod("app", policy, 30, List.of(), List.of(containers)).build());
    }

    private static LogQuery query(Integer tail, Integer sinceSeconds, Long limitBytes, boolean previous, boolean ts) {
        return new LogQuery(tail, sinceSeconds, null, limitBytes, previous, ts);
    }

    @Test
    void logsHonourTailSinceLimitBytesAndTimestamps() throws IOException {
        start("Never", container("c", "busybox").script(COUNTING).build());
        pacer.advance(Duration.ofSeconds(2));

        assertThat(supervisor.logs("c", LogQuery.all())).isEqualTo("one\ntwo\nthree\n");
        assertThat(supervisor.logs("c", query(2, null, null, false, false))).isEqualTo("two\nthree\n");
        assertThat(supervisor.logs("c", query(null, 1, null, false, false))).isEqualTo("two\nthree\n");
        assertThat(supervisor.logs("c", query(null, null, 6L, false, false))).isEqualTo("one\ntw");
        assertThat(supervisor.logs("c", query(1, null, null, false, true))).isEqualTo("2026-01-01T00:00:02Z three\n");
    }

    @Test
    void previousReadsTheRunBeforeAndTheWaitingContainerReadsItsLastRun() throws IOException {
        start("Always", container("c", "busybox").script(COUNTING).build());
        assertThatThrownBy(() -> supervisor.logs("c", query(null, null, null, true, false)))
                .isInstanceOf(IOException.class)
                .hasMessage("previous terminated container \"c\" in pod \"app\" not found");

        pacer.advance(Duration.ofSeconds(4));
        // The first run ended at 3 s and restarted at once; the second run has written "one" and "two".
        assertThat(supervisor.logs("c", LogQuery.all())).isEqualTo("one\ntwo\n");
        assertThat(supervisor.logs("c", query(null, null, null, true, false))).isEqualTo("one\ntwo\nthree\n");

        pacer.advance(Duration.ofSeconds(3));
        Snapshot s = supervisor.snapshot();
        assertThat(s.containers().get(0).currentState().reason()).isEqualTo("CrashLoopBackOff");
        // In back-off, both reads show the run that just ended, as the kubelet does.
        assertThat(supervisor.logs("c", LogQuery.all())).isEqualTo("one\ntwo\nthree\n");
        assertThat(supervisor.logs("c", query(null, null, null, true, false))).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void followDeliversLinesAsTheyAreWrittenAndStopsWhenClosed() throws Exception {
        start("Never", container("c", "busybox").script(COUNTING).build());
        List<String> lines = new ArrayList<>();

        AutoCloseable handle = supervisor.follow("c", LogQuery.all(), lines::add);
        assertThat(lines).containsExactly("one");
        pacer.advance(Duration.ofSeconds(1));
        assertThat(lines).containsExactly("one", "two");
        handle.close();
        pacer.advance(Duration.ofSeconds(5));
        assertThat(lines).containsExactly("one", "two");
    }

    @Test
    void followWithTailZeroSeesOnlyNewLines() throws Exception {
        start("Never", container("c", "busybox").script(COUNTING).build());
        pacer.advance(Duration.ofSeconds(1));
        List<String> lines = new ArrayList<>();

        try (AutoCloseable ignored = supervisor.follow("c", query(0, null, null, false, true), lines::add)) {
            pacer.advance(Duration.ofSeconds(5));
        }
        assertThat(lines).containsExactly("2026-01-01T00:00:02Z three");
    }

    @Test
    void logsOfAContainerNotYetStartedSayWhy() {
        start(pod(
                        "app",
                        "Always",
                        30,
                        List.of(container("init", "busybox").script("sleep 60").build()),
                        List.of(container("c", "busybox").build()))
                .build());

        assertThatThrownBy(() -> supervisor.logs("c", LogQuery.all()))
                .hasMessage("container \"c\" in pod \"app\" is waiting to start: PodInitializing");
        assertThatThrownBy(() -> supervisor.logs("nope", LogQuery.all()))
                .hasMessage("container \"nope\" not found in pod \"app\"");
    }

    /** Collects an exec's output and exit. */
    private static final class Collected implements OutputListener {
        final StringBuilder stdout = new StringBuilder();
        final StringBuilder stderr = new StringBuilder();
        Integer exit;

        @Override
        public void output(int channel, byte[] data) {
            (channel == 1 ? stdout : stderr).append(new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void exit(int exitCode, String message) {
            exit = exitCode;
        }
    }

    @Test
    void execSeesTheEnvironmentAndConfigFilesOfItsContainer() throws IOException {
        String content = Base64.getEncoder().encodeToString("port: 80\n".getBytes(StandardCharsets.UTF_8));
        start(pod(
                        "app",
                        "Always",
                        30,
                        List.of(),
                        List.of(container("c", "nginx")
                                .env("GREETING", "hello")
                                .envFieldRef("POD_IP", "status.podIP")
                                .mount("cfg", "/etc/app", true, null)
                                .build()))
                .volumes(List.of(VolumeSpec.configFile(
                        "cfg", null, List.of(new VolumeSpec.ConfigFile("app.yaml", content, null)))))
                .build());

        Collected out = new Collected();
        ExecProcess p = supervisor.exec(
                "c", List.of("sh", "-c", "echo $GREETING from $POD_IP; cat /etc/app/app.yaml"), false, false);
        p.onOutput(out);
        assertThat(out.stdout).hasToString("hello from 10.0.0.7\nport: 80\n");
        assertThat(out.exit).isZero();

        Collected missing = new Collected();
        supervisor.exec("c", List.of("redis-cli", "ping"), false, false).onOutput(missing);
        assertThat(missing.exit).isEqualTo(127);
        assertThat(missing.stderr).hasToString("sh: redis-cli: not found\n");
    }

    @Test
    void anInteractiveShellRunsLinesFromStdinUntilExit() throws IOException {
        start("Always", container("c", "nginx").build());
        Collected out = new Collected();

        ExecProcess shell = supervisor.exec("c", List.of("sh"), true, true);
        shell.onOutput(out);
        shell.resize(120, 40);
        shell.stdin("hostname\r".getBytes(StandardCharsets.UTF_8));
        assertThat(out.exit).isNull();
        shell.stdin("exit 3\r".getBytes(StandardCharsets.UTF_8));
        assertThat(out.stdout).hasToString("# hostname\r\napp\r\n# exit 3\r\n");
        assertThat(out.exit).isEqualTo(3);
        shell.close();
    }

    @Test
    void execIntoAContainerThatIsNotRunningIsRefused() {
        start("Never", container("c", "busybox").script("exit 0").build());
        assertThatThrownBy(() -> supervisor.exec("c", List.of("ls"), false, false))
                .isInstanceOf(IOException.class)
                .hasMessage("container \"c\" in pod \"app\" is not running");
    }

    @Test
    void statsCoverRunningContainersWithinTheirLimits() throws IOException {
        start(
                "Always",
                container("big", "nginx").resources(1.0, 2.0).build(),
                container("done", "busybox").script("exit 0").build());
        pacer.advance(Duration.ofSeconds(60));

        List<ContainerMetrics> stats = supervisor.stats();
        assertThat(stats).extracting(ContainerMetrics::name).containsExactly("big");
        ContainerMetrics big = stats.get(0);
        assertThat(big.cpu().usageNanoCores()).isBetween(50_000_000L, 150_000_000L);
        assertThat(big.cpu().usageCoreNanoSeconds()).isEqualTo(6_000_000_000L);
        assertThat(big.memory().workingSet()).isEqualTo((long) (2.0 * 1024 * 1024 * 1024 * 0.30));
    }

    @Test
    void anImageThatCannotBePulledShowsErrImagePullThenImagePullBackOffAndIsRetried() {
        start("Always", container("c", "registry.invalid/team/app:1.0").build());

        Snapshot s = supervisor.snapshot();
        ContainerState w = s.containers().get(0).currentState();
        assertThat(w.reason()).isEqualTo("ErrImagePull");
        assertThat(w.message()).contains("lookup registry.invalid: no such host");
        assertThat(s.phase()).isEqualTo("Pending");

        pacer.advance(Duration.ofSeconds(1));
        w = supervisor.snapshot().containers().get(0).currentState();
        assertThat(w.reason()).isEqualTo("ImagePullBackOff");
        assertThat(w.message()).isEqualTo("Back-off pulling image \"registry.invalid/team/app:1.0\"");

        pacer.advance(Duration.ofSeconds(60));
        s = supervisor.snapshot();
        // Pulls at 0, 10, 30 s (back-off 10 s, 20 s, then 40 s): three failures so far.
        assertThat(s.events())
                .filteredOn(e -> e.reason().equals("Failed"))
                .singleElement()
                .satisfies(e -> assertThat(e.count()).isEqualTo(3));
        assertThat(s.containers().get(0).restartCount()).isZero();
    }

    @Test
    void aVolumeAVmCannotGiveLeavesThePodPendingWithTheReason() {
        start(pod(
                        "app",
                        "Always",
                        30,
                        List.of(),
                        List.of(container("c", "nginx")
                                .mount("data", "/data", false, null)
                                .build()))
                .volumes(List.of(VolumeSpec.disk("data", "d-123", 20, "ext4")))
                .build());

        Snapshot s = supervisor.snapshot();
        ContainerState w = s.containers().get(0).currentState();
        assertThat(w.reason()).isEqualTo("CreateContainerConfigError");
        assertThat(w.message()).contains("volume \"data\": DiskVolume is not supported on a VM backend");
        assertThat(s.events()).anySatisfy(e -> assertThat(e.reason()).isEqualTo("FailedMount"));
        assertThat(s.phase()).isEqualTo("Pending");
    }
}
