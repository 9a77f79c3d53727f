package dev.ecivk.agent.runtime.docker;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.agent.runtime.ContainerRuntime.Run;
import dev.ecivk.agent.runtime.ContainerRuntime.RunStatus;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics.ContainerMetrics;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.VolumeSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the Docker runtime sends through docker-java, and how it reads Docker's answers, against a fake engine. */
class DockerRuntimeMockTest {
    @TempDir
    Path pods;

    private FakeDockerEngine engine;
    private DockerRuntime runtime;

    private final ContainerSpec app = container("app", "busybox:1.36")
            .command("sh", "-c")
            .args("echo hi; exit 3")
            .env("A", "1")
            .mount("share", "/share", true, null)
            .mount("cache", "/cache", false, null)
            .resources(0.5, 0.25)
            .build();
    private final ContainerGroupSpec spec = pod("web", "Always", 5, List.of(), List.of(app))
            .volumes(List.of(
                    VolumeSpec.nfs("share", "10.0.0.9", "/exports/a", true), VolumeSpec.emptyDir("cache", null, null)))
            .imageRegistryCredentials(List.of(new RegistryCredential("docker.io", "robot", "s3cret")))
            .build();

    @BeforeEach
    void start() throws Exception {
        engine = new FakeDockerEngine();
        runtime = new DockerRuntime(DockerPodSupervisor.client(engine.host()), Clock.systemUTC(), "10.0.0.5", pods);
    }

    @AfterEach
    void stop() {
        runtime.close();
        engine.close();
    }

    @Test
    void aContainerIsPulledWithItsCredentialCreatedOnTheHostNetworkAndRead() throws Exception {
        runtime.preparePod(spec);
        JsonNode volume = engine.last("POST", "/volumes/create").json();
        assertThat(volume.path("Name").asText()).isEqualTo("ecivk_web_share");
        assertThat(volume.path("Driver").asText()).isEqualTo("local");
        assertThat(volume.path("DriverOpts").path("o").asText()).isEqualTo("addr=10.0.0.9,ro");

        assertThat(runtime.pullImage(app, spec.imageRegistryCredentials())).isTrue();
        FakeDockerEngine.Request pull = engine.last("POST", "/images/create");
        assertThat(pull.query()).contains("fromImage=busybox").contains("tag=1.36");
        JsonNode auth = new ObjectMapper()
                .readTree(Base64.getUrlDecoder()
                        .decode(pull.headers().get("X-registry-auth").get(0)));
        assertThat(auth.path("username").asText()).isEqualTo("robot");

        Run run = runtime.start(app, 0);
        assertThat(run.id()).isEqualTo("c1");
        FakeDockerEngine.Request create = engine.last("POST", "/containers/create");
        assertThat(create.query()).isEqualTo("name=ecivk_web_app_0");
        JsonNode body = create.json();
        assertThat(body.path("Image").asText()).isEqualTo("busybox:1.36");
        assertThat(body.path("Entrypoint").toString()).isEqualTo("[\"sh\",\"-c\"]");
        assertThat(body.path("Cmd").toString()).isEqualTo("[\"echo hi; exit 3\"]");
        assertThat(body.path("Env").toString()).isEqualTo("[\"A=1\"]");
        assertThat(body.path("Labels").path("dev.ecivk.pod").asText()).isEqualTo("web");
        JsonNode host = body.path("HostConfig");
        assertThat(host.path("NetworkMode").asText()).isEqualTo("host");
        assertThat(host.path("NanoCpus").asLong()).isEqualTo(500_000_000L);
        assertThat(host.path("Memory").asLong()).isEqualTo(268_435_456L);
        assertThat(host.path("Mounts").findValuesAsText("Target"))
                .containsExactly("/share", "/cache", "/etc/hosts", "/dev/termination-log");
        assertThat(host.path("Mounts").get(0).path("Type").asText()).isEqualTo("volume");
        assertThat(host.path("Mounts").get(0).path("ReadOnly").asBoolean()).isTrue();
        assertThat(host.path("Mounts").get(1).path("Source").asText())
                .isEqualTo(pods.resolve("web/volumes/cache").toString());
        assertThat(engine.last("POST", "/containers/c1/start")).isNotNull();
        assertThat(pods.resolve("web/etc/hosts"))
                .content(StandardCharsets.UTF_8)
                .contains("10.0.0.5\tweb");

        engine.states.put(
                "c1",
                "{\"Running\":true,\"StartedAt\":\"2026-01-01T00:00:01.123456789Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}");
        assertThat(runtime.status(run)).isEqualTo(RunStatus.running(Instant.parse("2026-01-01T00:00:01.123456789Z")));

        engine.logs = "hi\nthere\n";
        assertThat(runtime.logs(run, new LogQuery(2, null, null, 5L, false, false)))
                .isEqualTo("hi\nth");
        assertThat(engine.last("GET", "/containers/c1/logs").query()).contains("tail=2");

        engine.stats = """
                {"cpu_stats":{"cpu_usage":{"total_usage":300},"system_cpu_usage":2000,"online_cpus":1},
                 "precpu_stats":{"cpu_usage":{"total_usage":100},"system_cpu_usage":1000},
                 "memory_stats":{"usage":500,"stats":{"inactive_file":100}}}""";
        ContainerMetrics stats = runtime.stats(run, app);
        assertThat(stats.cpu().usageNanoCores()).isEqualTo(200_000_000L);
        assertThat(stats.memory().workingSet()).isEqualTo(400L);

        runtime.stop(run, Duration.ofMillis(4500));
        assertThat(engine.last("POST", "/containers/c1/stop").query()).isEqualTo("t=5");
        engine.states.put(
                "c1",
                "{\"Running\":false,\"ExitCode\":137,\"OOMKilled\":true,"
                        + "\"StartedAt\":\"2026-01-01T00:00:01Z\",\"FinishedAt\":\"2026-01-01T00:00:09Z\"}");
        assertThat(runtime.status(run))
                .isEqualTo(RunStatus.exited(
                        Instant.parse("2026-01-01T00:00:01Z"), Instant.parse("2026-01-01T00:00:09Z"), 137, true));

        runtime.cleanupPod();
        assertThat(engine.last("DELETE", "/volumes/ecivk_web_share")).isNotNull();
        assertThat(pods.resolve("web")).doesNotExist();
    }

    @Test
    void aContainerRemovedBehindTheAgentsBackHasEnded() throws Exception {
        runtime.preparePod(spec);
        Run run = runtime.start(app, 0);
        RunStatus s = runtime.status(run);
        assertThat(s.running()).isFalse();
        assertThat(s.exitCode()).isEqualTo(137);
    }

    @Test
    void followSplitsTheStreamIntoLinesUntilItEnds() throws Exception {
        runtime.preparePod(spec);
        Run run = runtime.start(app, 0);
        engine.logs = "one\ntwo\nthree";
        List<String> lines = new CopyOnWriteArrayList<>();

        try (AutoCloseable ignored = runtime.follow(run, new LogQuery(10, null, null, null, false, true), lines::add)) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(lines).containsExactly("one", "two", "three"));
        }
        assertThat(engine.last("GET", "/containers/c1/logs").query())
                .contains("follow=true")
                .contains("timestamps=true")
                .contains("tail=10");
    }
}
