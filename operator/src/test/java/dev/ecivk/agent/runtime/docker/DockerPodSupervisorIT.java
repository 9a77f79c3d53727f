package dev.ecivk.agent.runtime.docker;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.http;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import dev.ecivk.agent.runtime.PodSupervisor.ExecProcess;
import dev.ecivk.agent.runtime.PodSupervisor.OutputListener;
import dev.ecivk.provider.model.ContainerGroupState.ContainerStatus;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.VolumeSpec;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * Real containers on a real Docker engine: a busybox web server made ready by an httpGet probe, fed by an init
 * container through an emptyDir, with its logs, an exec and stats; and a crash loop with its back-off. Skipped where
 * no Docker engine answers (this repository's CI machines have only the docker CLI).
 */
class DockerPodSupervisorIT {
    private static final String BUSYBOX = "busybox:1.36";

    @TempDir
    Path pods;

    private DockerPodSupervisor supervisor;
    private String dockerHost;

    @BeforeEach
    void needsDocker() {
        Assumptions.assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: skipping the Docker runtime's real-container tests");
        dockerHost = DockerClientFactory.instance()
                .getTransportConfig()
                .getDockerHost()
                .toString();
    }

    @AfterEach
    void close() {
        if (supervisor != null) {
            supervisor.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ContainerStatus status(List<ContainerStatus> all, String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aWebServerFedByAnInitContainerGetsReadyAndAnswersLogsExecAndStats() throws Exception {
        int port = freePort();
        String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
        supervisor = DockerPodSupervisor.connect(dockerHost, "127.0.0.1", pods);
        supervisor.start(pod(
                        name,
                        "Always",
                        5,
                        List.of(container("seed", BUSYBOX)
                                .script("echo hello from init > /work/index.html; echo seeded")
                                .mount("www", "/work", false, null)
                                .build()),
                        List.of(container("web", BUSYBOX)
                                .command("httpd", "-f", "-v", "-p", Integer.toString(port), "-h", "/www")
                                .mount("www", "/www", false, null)
                                .env("GREETING", "hi")
                                .port(port)
                                .readiness(http(port, "/index.html", 0, 1))
                                .resources(0.5, 0.25)
                                .build()))
                .volumes(List.of(VolumeSpec.emptyDir("www", null, null)))
                .build());

        await().atMost(Duration.ofMinutes(3))
                .untilAsserted(() -> assertThat(status(supervisor.snapshot().containers(), "web")
                                .ready())
                        .isTrue());
        assertThat(status(supervisor.snapshot().initContainers(), "seed")
                        .currentState()
                        .exitCode())
                .isZero();
        assertThat(supervisor.snapshot().phase()).isEqualTo("Running");
        assertThat(supervisor.logs("seed", LogQuery.all())).isEqualTo("seeded\n");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        ExecProcess exec =
                supervisor.exec("web", List.of("sh", "-c", "cat /www/index.html; echo $GREETING"), false, false);
        exec.onOutput(new OutputListener() {
            @Override
            public void output(int channel, byte[] data) {
                out.writeBytes(data);
            }

            @Override
            public void exit(int exitCode, String message) {
                exit.complete(exitCode);
            }
        });
        assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello from init\nhi\n");

        List<ContainerMetrics> stats = supervisor.stats();
        assertThat(stats).extracting(ContainerMetrics::name).containsExactly("web");
        assertThat(stats.get(0).memory().workingSet()).isPositive();
        assertThat(stats.get(0).cpu().limit()).isEqualTo(500L);

        supervisor.close();
        supervisor = null;
        DockerClient docker = DockerClientFactory.instance().client();
        assertThat(docker.listContainersCmd()
                        .withShowAll(true)
                        .withLabelFilter(Map.of(DockerContainerConfig.LABEL_POD, name))
                        .exec())
                .as("nothing of the Pod is left")
                .isEmpty();
    }

    @Test
    void aCrashingContainerIsRestartedWithBackOffAndItsPreviousLogsKept() {
        String name = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        supervisor = DockerPodSupervisor.connect(dockerHost, "127.0.0.1", pods);
        supervisor.start(pod(
                        name,
                        "Always",
                        2,
                        List.of(),
                        List.of(container("app", BUSYBOX)
                                .script("echo crashing; echo bye > /dev/termination-log; exit 3")
                                .build()))
                .build());

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            ContainerStatus s = status(supervisor.snapshot().containers(), "app");
            assertThat(s.restartCount()).isGreaterThanOrEqualTo(2);
            assertThat(s.currentState().reason()).isEqualTo("CrashLoopBackOff");
            assertThat(s.previousState().exitCode()).isEqualTo(3);
            assertThat(s.previousState().message()).isEqualTo("bye\n");
        });
        assertThat(supervisor.snapshot().phase()).isEqualTo("Running");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(supervisor.logs("app", new LogQuery(null, null, null, null, true, false)))
                                .isEqualTo("crashing\n"));
    }
}
