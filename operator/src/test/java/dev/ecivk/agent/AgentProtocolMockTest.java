package dev.ecivk.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.agent.gateway.AgentGateway;
import dev.ecivk.agent.gateway.GatewayKeys;
import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.protocol.CertificatePins;
import dev.ecivk.agent.protocol.Wire;
import dev.ecivk.provider.StopProgress;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.vm.VmProvider;
import dev.ecivk.provider.vm.VmSettings;
import dev.ecivk.provider.vm.VmStatusMapper;
import dev.ecivk.testing.ChannelSession;
import dev.ecivk.testing.FakePodSupervisor;
import dev.ecivk.testing.FakeVmCloud;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both ends of the agent protocol over real sockets: the VM provider launches on a fake cloud whose VMs boot the
 * real agent in-process from their user data; the agent registers with the real gateway, fetches its spec, reports,
 * and serves logs, stats and exec through it.
 */
class AgentProtocolMockTest {
    static final Duration REPORT_EVERY = Duration.ofMillis(200);
    static final String SECRET = "s3cr3t-" + UUID.randomUUID();

    final GatewayKeys keys = GatewayKeys.generate("test-gateway", Instant.now());
    FakeVmCloud cloud;
    AgentGateway gateway;
    VmProvider provider;

    @BeforeEach
    void start() throws Exception {
        cloud = new FakeVmCloud(
                new InProcessAgentBootHook(ip -> new FakePodSupervisor(), REPORT_EVERY, Clock.systemUTC()));
        gateway = startGateway(0);
        provider = provider(gateway);
    }

    AgentGateway startGateway(int port) throws Exception {
        return new AgentGateway(
                        new AgentGateway.Settings(
                                "127.0.0.1",
                                port,
                                "127.0.0.1",
                                Duration.ofMinutes(30),
                                REPORT_EVERY,
                                AgentUserData.DEFAULT_AGENT_COMMAND),
                        keys,
                        Clock.systemUTC())
                .start();
    }

    VmProvider provider(AgentGateway agents) {
        return new VmProvider(
                cloud,
                agents,
                new VmSettings(
                        "m-agent-image",
                        "sg-1",
                        Map.of("vsw-a", "cn-hangzhou-a"),
                        40,
                        3,
                        Duration.ofHours(1),
                        new VmStatusMapper.Timing(Duration.ofSeconds(30), Duration.ofMinutes(5)),
                        Duration.ofMillis(100),
                        "ecivk.dev/uid"),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        provider.close();
        gateway.close();
        cloud.powerOffAll();
    }

    static ContainerGroupSpec spec(String uid) {
        ContainerSpec app = new ContainerSpec(
                "app",
                "registry.example.com/team/app:1",
                null,
                null,
                null,
                null,
                List.of(ContainerSpec.EnvVar.literal("DB_PASSWORD", SECRET)),
                null,
                1.0,
                2.0,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        return ContainerGroupSpec.builder()
                .name("web-" + uid.substring(0, 8))
                .clientToken(uid)
                .vSwitchId("vsw-a")
                .cpu(2.0)
                .memory(4.0)
                .containers(List.of(app))
                .imageRegistryCredentials(
                        List.of(new ContainerGroupSpec.RegistryCredential("registry.example.com", "bot", SECRET)))
                .tags(Map.of("ecivk.dev/uid", uid, "ecivk.dev/cluster", "c1"))
                .build();
    }

    ContainerGroupState awaitRunning(String id) {
        // right after a restart the provider answers "agents have not reported yet" (transient) for a moment
        return await().atMost(20, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsMatching(e -> e instanceof dev.ecivk.provider.ProviderException p && p.isRetryable())
                .until(() -> provider.list(ListQuery.byIds(List.of(id))).get(0), g -> "Running".equals(g.status()));
    }

    @Test
    void aBootedVmRegistersFetchesItsSpecOverTlsAndReports() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));

        List<String> seen = new java.util.ArrayList<>();
        ContainerGroupState running = await().atMost(20, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            ContainerGroupState g =
                                    provider.list(ListQuery.byIds(List.of(id))).get(0);
                            g.events().forEach(e -> seen.add(e.reason()));
                            return g;
                        },
                        g -> "Running".equals(g.status()));
        assertThat(seen).contains("InstanceCreating", "InstanceStarting");
        assertThat(running.intranetIp()).startsWith("10.1.");
        assertThat(running.containers()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("app");
            assertThat(c.ready()).isTrue();
        });

        // the spec reached the agent whole, Secrets included, but never through the user data
        FakePodSupervisor supervisor = supervisorOf(uid);
        assertThat(supervisor.spec().containers().get(0).env())
                .extracting(ContainerSpec.EnvVar::value)
                .containsExactly(SECRET);
        assertThat(supervisor.spec().imageRegistryCredentials().get(0).password())
                .isEqualTo(SECRET);
        String userData = cloud.userData(id);
        assertThat(userData).doesNotContain(SECRET, "registry.example.com", "DB_PASSWORD");
        assertThat(AgentUserData.parse(userData).podUid()).isEqualTo(uid);
        assertThat(cloud.launches).singleElement().satisfies(launch -> {
            assertThat(launch.clientToken()).isEqualTo(uid);
            assertThat(launch.instanceTypes()).containsExactly("ecs.t6.large", "ecs.c7.large", "ecs.c7.xlarge");
            assertThat(launch.tags()).containsEntry("ecivk.dev/uid", uid);
        });
    }

    @Test
    void logsStatsAndExecReachTheAgentThroughTheGateway() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);

        assertThat(provider.logs(id, "app", LogQuery.all()))
                .isEqualTo("hello from app of web-" + uid.substring(0, 8) + "\n");
        List<GroupMetrics> metrics = provider.metrics(List.of(id));
        assertThat(metrics).singleElement().satisfies(m -> {
            assertThat(m.containerGroupId()).isEqualTo(id);
            assertThat(m.cpu().usageNanoCores()).isEqualTo(25_000_000L);
            assertThat(m.memory().workingSet()).isEqualTo(48L << 20);
        });

        URI exec = provider.exec(id, "app", List.of("echo", "hi", "there"), false, false);
        assertThat(exec.getScheme()).isEqualTo("ws");
        assertThat(exec.getHost()).isEqualTo("127.0.0.1");
        ChannelSession session = ChannelSession.open(HttpClient.newHttpClient(), exec);
        assertThat(session.closed.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(session.stdout()).isEqualTo("hi there\n");
        assertThat(session.status()).contains("\"status\":\"Success\"");

        URI interactive = provider.exec(id, "app", List.of("sh"), false, true);
        ChannelSession shell = ChannelSession.open(HttpClient.newHttpClient(), interactive);
        shell.send(0, "one\n");
        await().atMost(10, TimeUnit.SECONDS).until(() -> shell.stdout().equals("one\n"));
        shell.send(0, "exit\n");
        assertThat(shell.closed.get(10, TimeUnit.SECONDS)).isTrue();

        // a ticket is good for one connection only
        HttpClient http = HttpClient.newHttpClient();
        CompletableFuture<WebSocket> again = http.newWebSocketBuilder().buildAsync(exec, new WebSocket.Listener() {});
        assertThat(again).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void usedAndForgedJoinCredentialsAreRefused() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);
        AgentUserData boot = AgentUserData.parse(cloud.userData(id));
        HttpClient pinned = HttpClient.newBuilder()
                .sslContext(CertificatePins.context(boot.gatewayPin(), null, List.of()))
                .build();
        String fakeAgentPin = "sha256/" + "B".repeat(43) + "=";

        // the real agent used it: a replay of the user data cannot register again
        HttpResponse<String> replay = register(pinned, boot, uid, boot.joinToken(), fakeAgentPin);
        assertThat(replay.statusCode()).isEqualTo(401);
        assertThat(replay.body()).contains("already used").doesNotContain(boot.joinToken());

        // a credential for this Pod the gateway did not issue
        String uid2 = UUID.randomUUID().toString();
        String forged = "j1."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(uid2.getBytes(StandardCharsets.UTF_8))
                + ".9999999999.forgedmac";
        assertThat(register(pinned, boot, uid2, forged, fakeAgentPin).statusCode())
                .isEqualTo(401);

        // without a session credential nothing is served
        HttpResponse<String> spec = pinned.send(
                HttpRequest.newBuilder(boot.gateway().resolve(Wire.SPEC)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(spec.statusCode()).isEqualTo(401);
        assertThat(spec.body()).doesNotContain(SECRET);

        // an agent booted from a copy of the user data gives up for good
        try (Agent copy = new Agent(
                        boot,
                        FakePodSupervisor::new,
                        new Agent.Settings("127.0.0.1", 0, "127.0.0.1", REPORT_EVERY),
                        Clock.systemUTC())
                .start()) {
            await().atMost(10, TimeUnit.SECONDS).until(copy::stage, Agent.Stage.REFUSED::equals);
        }
    }

    @Test
    void sessionsAndReportsSurviveAControllerRestart() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);
        int port = gateway.port();

        provider.close();
        gateway.close();
        // the restarted controller: same keys (from its Secret), same address, nothing else remembered
        gateway = startGateway(port);
        provider = provider(gateway);

        ContainerGroupState afterRestart = awaitRunning(id);
        assertThat(afterRestart.containers())
                .singleElement()
                .satisfies(c -> assertThat(c.ready()).isTrue());
        assertThat(provider.logs(id, "app", LogQuery.all())).startsWith("hello from app");
        assertThat(FakePodSupervisor.STARTED.stream()
                        .filter(s -> uid.equals(s.spec().clientToken())))
                .as("the Pod was started once, not again after the restart")
                .hasSize(1);
    }

    @Test
    void deleteTearsTheInstanceDownAndStopsTheAgent() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);
        FakePodSupervisor supervisor = supervisorOf(uid);

        provider.delete(id, uid);
        assertThat(provider.list(ListQuery.byIds(List.of(id))))
                .allSatisfy(g -> assertThat(g.status()).isEqualTo("Terminating"));
        await().atMost(10, TimeUnit.SECONDS).until(() -> cloud.all().stream().noneMatch(i -> i.id().equals(id)));
        assertThat(supervisor.closed()).isTrue();
        assertThat(provider.list(ListQuery.byIds(List.of(id)))).isEmpty();
        assertThat(provider.teardownsInProgress()).isEmpty();
    }

    @Test
    void aStopReachesTheAgentOverMutualTlsAndTheInstanceGoesOnceItReportsThePodStopped() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);
        FakePodSupervisor supervisor = supervisorOf(uid);

        assertThat(provider.stop(id, Duration.ofSeconds(7)).done()).isFalse();
        await().atMost(10, TimeUnit.SECONDS).until(() -> Duration.ofSeconds(7).equals(supervisor.stoppedWith()));
        StopProgress stopped = await().atMost(10, TimeUnit.SECONDS)
                .until(() -> provider.stop(id, Duration.ofSeconds(7)), StopProgress::done);
        assertThat(stopped.state().status()).isEqualTo("Succeeded");
        assertThat(stopped.state().containers())
                .singleElement()
                .satisfies(c -> assertThat(c.currentState().exitCode()).isZero());
        assertThat(cloud.all()).as("still there until deleted").anyMatch(i -> i.id().equals(id));

        provider.delete(id, uid);
        await().atMost(10, TimeUnit.SECONDS).until(() -> cloud.all().stream().noneMatch(i -> i.id().equals(id)));
    }

    @Test
    void anInstanceStoppedBehindOurBackFailsThePod() throws Exception {
        String uid = UUID.randomUUID().toString();
        String id = provider.create(spec(uid));
        awaitRunning(id);
        cloud.stopBehindTheControllersBack(id);
        ContainerGroupState stopped =
                provider.list(ListQuery.byIds(List.of(id))).get(0);
        assertThat(stopped.status()).isEqualTo("Failed");
        assertThat(stopped.events()).extracting(e -> e.reason()).contains("InstanceStopped");
    }

    static HttpResponse<String> register(HttpClient http, AgentUserData boot, String uid, String token, String pin)
            throws Exception {
        byte[] body = Wire.JSON.writeValueAsBytes(new Wire.Registration(uid, token, "https://127.0.0.1:1", pin));
        return http.send(
                HttpRequest.newBuilder(boot.gateway().resolve(Wire.REGISTER))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static FakePodSupervisor supervisorOf(String uid) {
        return await().atMost(10, TimeUnit.SECONDS)
                .until(
                        () -> FakePodSupervisor.STARTED.stream()
                                .filter(s -> uid.equals(s.spec().clientToken()))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
    }
}
