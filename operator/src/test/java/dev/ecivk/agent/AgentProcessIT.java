package dev.ecivk.agent;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import dev.ecivk.agent.gateway.AgentGateway;
import dev.ecivk.agent.gateway.GatewayKeys;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.vm.AgentReport;
import dev.ecivk.testing.ChannelSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * The agent as a VM runs it: a separate {@code ecivk agent --user-data-file …} process, started from the user data
 * the controller's gateway made, registering with the gateway, fetching its Pod and running it on a real Docker
 * engine; the gateway reads its report, logs, an exec and stats; SIGTERM stops the containers and removes them.
 * Skipped where no Docker engine answers (this repository's CI machines have only the docker CLI).
 */
class AgentProcessIT {
    private static final String BUSYBOX = "busybox:1.36";

    @TempDir
    Path dir;

    private String dockerHost;
    private AgentGateway gateway;
    private Process agent;

    @BeforeEach
    void needsDocker() throws Exception {
        Assumptions.assumeTrue(
                DockerClientFactory.instance().isDockerAvailable(),
                "No Docker engine reachable: skipping the agent process's real-container test");
        dockerHost = DockerClientFactory.instance()
                .getTransportConfig()
                .getDockerHost()
                .toString();
        gateway = new AgentGateway(
                        new AgentGateway.Settings(
                                "127.0.0.1",
                                0,
                                "127.0.0.1",
                                Duration.ofMinutes(5),
                                Duration.ofSeconds(1),
                                AgentUserData.DEFAULT_AGENT_COMMAND),
                        GatewayKeys.generate("agent-process-it", Instant.now()),
                        Clock.systemUTC())
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (agent != null && agent.isAlive()) {
            agent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void theAgentProcessRunsItsPodOnDockerAndServesTheGateway() throws Exception {
        String uid = UUID.randomUUID().toString();
        ContainerGroupSpec spec = pod(
                        "agent-it-" + uid.substring(0, 8),
                        "Always",
                        5,
                        List.of(),
                        List.of(container("app", BUSYBOX)
                                .script("echo hello-from-docker; exec sleep 3600")
                                .build()))
                .clientToken(uid)
                .build();
        Path userData = Files.writeString(dir.resolve("user-data"), gateway.bootstrap(uid, spec));
        agent = startAgent(userData);

        await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> {
            AgentReport report = gateway.report(uid).orElseThrow();
            assertThat(report.phase()).isEqualTo("Running");
            assertThat(report.containers())
                    .singleElement()
                    .satisfies(c -> assertThat(c.ready()).isTrue());
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() ->
                        assertThat(gateway.logs(uid, "app", LogQuery.all())).contains("hello-from-docker"));

        URI exec = gateway.exec(uid, "app", List.of("echo", "exec-in-docker"), false, false);
        ChannelSession session = ChannelSession.open(HttpClient.newHttpClient(), exec);
        session.closed.get(30, TimeUnit.SECONDS);
        assertThat(session.stdout()).isEqualTo("exec-in-docker\n");

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(gateway.stats(uid))
                        .singleElement()
                        .satisfies(m -> assertThat(m.memory().workingSet()).isPositive()));

        agent.destroy(); // SIGTERM: the agent's shutdown stops and removes the Pod's containers
        assertThat(agent.waitFor(60, TimeUnit.SECONDS))
                .as("the agent exits after SIGTERM")
                .isTrue();
        try (DockerClient docker = docker()) {
            assertThat(docker.listContainersCmd()
                            .withShowAll(true)
                            .withLabelFilter(java.util.Map.of("dev.ecivk.pod", spec.name()))
                            .exec())
                    .as("no container of the Pod is left")
                    .isEmpty();
        }
    }

    /** {@code java -cp <this classpath> dev.ecivk.Main agent …}, as the VM image's user data would start it. */
    private Process startAgent(Path userData) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.ecivk.Main",
                "agent",
                "--user-data-file",
                userData.toString(),
                "--bind-address",
                "127.0.0.1",
                "--port",
                "0",
                "--advertise-address",
                "127.0.0.1",
                "--docker-host",
                dockerHost,
                "--pods-dir",
                dir.resolve("pods").toString()));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
    }

    private DockerClient docker() {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        return DockerClientImpl.getInstance(
                config,
                new ZerodepDockerHttpClient.Builder()
                        .dockerHost(config.getDockerHost())
                        .build());
    }
}
