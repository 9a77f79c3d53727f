package dev.ecivk.provider.eci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.GroupMetrics;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.provider.model.LogQuery;
import dev.ecivk.provider.model.NameValue;
import dev.ecivk.provider.model.VolumeSpec;
import dev.ecivk.simulator.Fault;
import dev.ecivk.testing.EmbeddedEci;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ECI provider against the embedded ECI, end to end through Alibaba's client and signed requests. */
class EciProviderContractMockTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static EmbeddedEci eci;
    private static final List<String[]> calls = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        eci = EmbeddedEci.start(
                b -> b,
                s -> s.withListener((action, outcome, code, nanos) -> calls.add(new String[] {action, outcome, code})));
    }

    @AfterAll
    static void stop() {
        eci.close();
    }

    @AfterEach
    void clearFaults() {
        eci.simulator().clearFaults();
    }

    static ContainerSpec container(String name, String... argv) {
        return new ContainerSpec(
                name,
                "registry.example.com/busybox:1.36",
                "IfNotPresent",
                argv.length == 0 ? List.of() : List.of(argv),
                null,
                null,
                null,
                null,
                0.5,
                1.0,
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
    }

    static ContainerGroupSpec.Builder group(String name, ContainerSpec... containers) {
        return ContainerGroupSpec.builder()
                .name(name)
                .securityGroupId("sg-test")
                .vSwitchId(EmbeddedEci.VSWITCH_A)
                .restartPolicy("Never")
                .containers(List.of(containers));
    }

    static ContainerGroupState awaitStatus(String id, String status) throws ProviderException {
        await().atMost(WAIT)
                .until(
                        () -> eci.provider()
                                .get(id)
                                .map(ContainerGroupState::status)
                                .orElse(""),
                        status::equals);
        return eci.provider().get(id).orElseThrow();
    }

    static ProviderException failure(ThrowingCall call) {
        try {
            call.run();
        } catch (ProviderException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a ProviderException", e);
        }
        throw new AssertionError("expected a ProviderException, the call succeeded");
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    @Nested
    class CreateDescribeDelete {
        @Test
        void everyFieldOfTheSpecReachesEciAndDescribeReadsTheGroupBack() throws Exception {
            ContainerSpec main = new ContainerSpec(
                    "main",
                    "nginx:1.27",
                    "Always",
                    List.of("nginx"),
                    List.of("-g", "daemon off;"),
                    "/srv",
                    List.of(
                            ContainerSpec.EnvVar.literal("MODE", "prod"),
                            new ContainerSpec.EnvVar("POD_IP", null, "status.podIP")),
                    List.of(new ContainerSpec.Port(80, "TCP")),
                    1.0,
                    2.0,
                    null,
                    List.of(new ContainerSpec.VolumeMount("config", "/etc/app", true, null, null)),
                    new ContainerSpec.Probe(null, null, 80, 0, 5, 1, 1, 3),
                    new ContainerSpec.Probe(
                            null, new ContainerSpec.HttpGet("/healthz", 80, "HTTP"), null, 0, 5, 1, 1, 3),
                    new ContainerSpec.SecurityContext(1000L, true, List.of("NET_ADMIN")),
                    false,
                    false,
                    false,
                    new ContainerSpec.Handler(List.of("sh", "-c", "echo started"), null, null),
                    new ContainerSpec.Handler(null, new ContainerSpec.HttpGet("/stop", 80, "HTTP"), null),
                    null,
                    null);
            ContainerGroupSpec spec = group("full-spec", main)
                    .clientToken(UUID.randomUUID().toString())
                    .restartPolicy("Always")
                    .cpu(1.0)
                    .memory(2.0)
                    .hostName("web-0")
                    .activeDeadlineSeconds(3600L)
                    .terminationGracePeriodSeconds(30L)
                    .dnsConfig(new ContainerGroupSpec.DnsConfig(
                            List.of("10.0.0.10"), List.of("svc.cluster.local"), List.of(new NameValue("ndots", "5"))))
                    .hostAliases(List.of(new ContainerGroupSpec.HostAlias("10.1.1.1", List.of("db", "db.local"))))
                    .sysctls(List.of(new NameValue("net.core.somaxconn", "1024")))
                    .imageRegistryCredentials(List.of(
                            new ContainerGroupSpec.RegistryCredential("registry.example.com", "robot", "s3cret")))
                    .initContainers(List.of(container("setup", "sh", "-c", "echo init")))
                    .volumes(List.of(VolumeSpec.configFile(
                            "config",
                            420,
                            List.of(new VolumeSpec.ConfigFile(
                                    "app.conf", Base64.getEncoder().encodeToString("x=1\n".getBytes()), null)))))
                    .tags(Map.of("k8s.pod.uid", "uid-1", "k8s.namespace", "default"))
                    .build();
            String id = eci.provider().create(spec);

            Map<String, String> request = eci.simulator().creationRequest(id);
            assertThat(request)
                    .containsEntry("ContainerGroupName", "full-spec")
                    .containsEntry("RegionId", EmbeddedEci.REGION)
                    .containsEntry("Container.1.Command.1", "nginx")
                    .containsEntry("Container.1.Arg.2", "daemon off;")
                    .containsEntry("Container.1.EnvironmentVar.2.FieldRef.FieldPath", "status.podIP")
                    .containsEntry("Container.1.LivenessProbe.TcpSocket.Port", "80")
                    .containsEntry("Container.1.ReadinessProbe.HttpGet.Path", "/healthz")
                    .containsEntry("Container.1.SecurityContext.Capability.Add.1", "NET_ADMIN")
                    .containsEntry("Container.1.LifecyclePostStartHandlerExec.3", "echo started")
                    .containsEntry("Container.1.LifecyclePreStopHandlerHttpGetPath", "/stop")
                    .containsEntry("InitContainer.1.Name", "setup")
                    .containsEntry("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "app.conf")
                    .containsEntry("DnsConfig.Option.1.Name", "ndots")
                    .containsEntry("HostAliase.1.Hostname.2", "db.local")
                    .containsEntry("SecurityContext.Sysctl.1.Name", "net.core.somaxconn")
                    .containsEntry("ImageRegistryCredential.1.UserName", "robot")
                    .containsEntry("Cpu", "1")
                    .containsEntry("Container.1.Cpu", "1");

            ContainerGroupState state = awaitStatus(id, "Running");
            assertThat(state.id()).isEqualTo(id);
            assertThat(state.name()).isEqualTo("full-spec");
            assertThat(state.zoneId()).isEqualTo(EmbeddedEci.ZONE_A);
            assertThat(state.intranetIp()).matches("10\\.1\\.\\d+\\.\\d+");
            assertThat(state.tags()).containsEntry("k8s.pod.uid", "uid-1");
            assertThat(state.creationTime()).isBefore(Instant.now().plusSeconds(1));
            assertThat(state.restartPolicy()).isEqualTo("Always");
            assertThat(state.initContainers()).singleElement().satisfies(c -> {
                assertThat(c.currentState().state()).isEqualTo("Terminated");
                assertThat(c.currentState().exitCode()).isZero();
            });
            await().atMost(WAIT)
                    .until(() -> eci.provider()
                            .get(id)
                            .orElseThrow()
                            .containers()
                            .get(0)
                            .ready());
            assertThat(eci.provider().get(id).orElseThrow().events())
                    .extracting(ContainerGroupState.GroupEvent::reason)
                    .contains("Scheduled", "Pulling", "Pulled", "Created", "Started");

            eci.provider().delete(id, UUID.randomUUID().toString());
            assertThat(eci.provider().get(id)).isEmpty();
            assertThat(failure(() -> eci.provider().delete(id, null)).failureClass())
                    .isEqualTo(FailureClass.NOT_FOUND);
        }

        @Test
        void listByIdsBatchesTwentyAtATimeAndListByTagsPages() throws Exception {
            String run = UUID.randomUUID().toString().substring(0, 8);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 23; i++) {
                ids.add(eci.provider()
                        .create(group("batch-" + i, container("c", "sleep", "3600"))
                                .tags(Map.of("run", run))
                                .build()));
            }
            long before = eci.simulator().counters().calls("DescribeContainerGroups");
            List<String> asked = new ArrayList<>(ids);
            asked.add("eci-doesnotexist000000");
            assertThat(eci.provider().list(ListQuery.byIds(asked)))
                    .extracting(ContainerGroupState::id)
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(eci.simulator().counters().calls("DescribeContainerGroups") - before)
                    .isEqualTo(2);

            before = eci.simulator().counters().calls("DescribeContainerGroups");
            assertThat(eci.provider().list(ListQuery.byTags(Map.of("run", run))))
                    .extracting(ContainerGroupState::id)
                    .containsExactlyElementsOf(ids);
            assertThat(eci.simulator().counters().calls("DescribeContainerGroups") - before)
                    .isEqualTo(2);
            for (String id : ids) {
                eci.provider().delete(id, null);
            }
        }

        @Test
        void aFailingPageFailsTheWholeList() throws Exception {
            String run = UUID.randomUUID().toString().substring(0, 8);
            for (int i = 0; i < 21; i++) {
                eci.provider()
                        .create(group("page-" + i, container("c"))
                                .tags(Map.of("run", run))
                                .build());
            }
            eci.simulator()
                    .injectFault(Fault.error("DescribeContainerGroups", "ServiceUnavailable")
                            .always());
            ProviderException e = failure(() -> eci.provider().list(ListQuery.byTags(Map.of("run", run))));
            assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(e.code()).isEqualTo("ServiceUnavailable");
        }

        @Test
        void unknownIdIsEmptyNotAnError() throws Exception {
            assertThat(eci.provider().get("eci-unknown00000000000")).isEmpty();
            eci.provider().ping();
        }
    }

    @Nested
    class Idempotency {
        @Test
        void sameTokenSameSpecGivesTheSameGroup() throws Exception {
            ContainerGroupSpec spec = group("idem", container("c", "sleep", "60"))
                    .clientToken(UUID.randomUUID().toString())
                    .build();
            long prevented = eci.simulator().counters().duplicateCreatesPrevented();
            String first = eci.provider().create(spec);
            String second = eci.provider().create(spec);
            assertThat(second).isEqualTo(first);
            assertThat(eci.simulator().counters().duplicateCreatesPrevented() - prevented)
                    .isEqualTo(1);
        }

        @Test
        void concurrentRetriesWithOneTokenCreateOneGroup() throws Exception {
            ContainerGroupSpec spec = group("idem-race", container("c", "sleep", "60"))
                    .clientToken(UUID.randomUUID().toString())
                    .build();
            long creates = eci.simulator().counters().creates();
            List<CompletableFuture<String>> ids = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ids.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return eci.provider().create(spec);
                    } catch (ProviderException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            assertThat(ids.stream().map(CompletableFuture::join).distinct()).hasSize(1);
            assertThat(eci.simulator().counters().creates() - creates).isEqualTo(1);
        }

        @Test
        void sameTokenDifferentSpecIsAPermanentMismatch() throws Exception {
            String token = UUID.randomUUID().toString();
            eci.provider()
                    .create(group("idem-a", container("c")).clientToken(token).build());
            ProviderException e = failure(() -> eci.provider()
                    .create(group("idem-b", container("c")).clientToken(token).build()));
            assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(e.code()).isEqualTo("IdempotentParameterMismatch");
        }
    }

    @Nested
    class Validation {
        ProviderException create(ContainerGroupSpec spec) {
            return failure(() -> eci.provider().create(spec));
        }

        @Test
        void envKeysFollowEciRules() {
            ContainerSpec c = new ContainerSpec(
                    "c",
                    "busybox",
                    null,
                    null,
                    null,
                    null,
                    List.of(ContainerSpec.EnvVar.literal("MY-VAR", "x")),
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
                    null,
                    null,
                    null,
                    null);
            ProviderException e = create(group("bad-env", c).build());
            assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(e.code()).isEqualTo("InvalidParameter");
            assertThat(e.getMessage()).contains("EnvironmentVar.1.Key");
        }

        @Test
        void duplicateNamesAndTooManyContainers() {
            assertThat(create(group("dup", container("c"), container("c")).build())
                            .code())
                    .isEqualTo("InvalidParameter.DuplicatedName");
            ContainerSpec[] six = new ContainerSpec[6];
            for (int i = 0; i < 6; i++) {
                six[i] = container("c" + i);
            }
            assertThat(create(group("six", six).build()).code()).isEqualTo("InvalidParameter.LengthExceeded");
            assertThat(create(group("vols", container("c"))
                                    .volumes(List.of(
                                            VolumeSpec.emptyDir("v", null, null), VolumeSpec.emptyDir("v", null, null)))
                                    .build())
                            .code())
                    .isEqualTo("InvalidParameter.DuplicatedVolumeName");
        }

        @Test
        void missingRequiredParameters() {
            ProviderException e = create(ContainerGroupSpec.builder()
                    .name("no-vsw")
                    .securityGroupId("sg")
                    .containers(List.of(container("c")))
                    .build());
            assertThat(e.code()).isEqualTo("MissingParameter");
            assertThat(e.getMessage()).contains("VSwitchId");
        }

        @Test
        void capabilitiesProbesAndMountsAreChecked() {
            ContainerSpec sysAdmin = new ContainerSpec(
                    "c",
                    "busybox",
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
                    null,
                    new ContainerSpec.SecurityContext(null, null, List.of("SYS_ADMIN")),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            assertThat(create(group("cap", sysAdmin).build()).getMessage()).contains("NET_ADMIN");
            ContainerSpec liveness = new ContainerSpec(
                    "c",
                    "busybox",
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
                    new ContainerSpec.Probe(null, null, 80, null, null, null, 2, null),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            assertThat(create(group("live", liveness).build()).getMessage()).contains("SuccessThreshold");
            ContainerSpec unmounted = new ContainerSpec(
                    "c",
                    "busybox",
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(new ContainerSpec.VolumeMount("nope", "/x", null, null, null)),
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
            assertThat(create(group("mount", unmounted).build()).getMessage()).contains("nope");
        }
    }

    @Nested
    class Lifecycle {
        @Test
        void finiteCommandsSucceedOrFailWithTheirExitCode() throws Exception {
            String ok = eci.provider()
                    .create(group("ok", container("c", "sleep", "0.1")).build());
            String bad = eci.provider()
                    .create(group("bad", container("c", "sh", "-c", "echo x; exit 3"))
                            .build());
            ContainerGroupState okState = awaitStatus(ok, "Succeeded");
            assertThat(okState.succeededTime()).isNotNull();
            assertThat(okState.containers().get(0).currentState().reason()).isEqualTo("Completed");
            ContainerGroupState badState = awaitStatus(bad, "Failed");
            assertThat(badState.failedTime()).isNotNull();
            assertThat(badState.containers().get(0).currentState().exitCode()).isEqualTo(3);
            assertThat(badState.containers().get(0).currentState().finishTime()).isNotNull();
        }

        @Test
        void anUnknownCommandRunsUntilDeleted() throws Exception {
            String id = eci.provider()
                    .create(group("server", container("c", "/usr/sbin/nginx")).build());
            ContainerGroupState s = awaitStatus(id, "Running");
            assertThat(s.containers().get(0).currentState().state()).isEqualTo("Running");
            assertThat(s.containers().get(0).currentState().startTime()).isNotNull();
        }

        @Test
        void onFailureRestartsFailedContainersAndKeepsThePreviousState() throws Exception {
            String id = eci.provider()
                    .create(group("onfailure", container("c", "sh", "-c", "echo try; exit 1"))
                            .restartPolicy("OnFailure")
                            .build());
            await().atMost(WAIT)
                    .until(() -> eci.provider()
                                    .get(id)
                                    .orElseThrow()
                                    .containers()
                                    .get(0)
                                    .restartCount()
                            >= 2);
            ContainerGroupState.ContainerStatus c =
                    eci.provider().get(id).orElseThrow().containers().get(0);
            assertThat(eci.provider().get(id).orElseThrow().status()).isEqualTo("Running");
            assertThat(c.previousState().state()).isEqualTo("Terminated");
            assertThat(c.previousState().exitCode()).isEqualTo(1);
            assertThat(eci.provider().get(id).orElseThrow().events())
                    .extracting(ContainerGroupState.GroupEvent::reason)
                    .contains("BackOff");
        }

        @Test
        void alwaysRestartsEvenSuccessfulContainers() throws Exception {
            String id = eci.provider()
                    .create(group("always", container("c", "true"))
                            .restartPolicy("Always")
                            .build());
            await().atMost(WAIT)
                    .until(() -> eci.provider()
                                    .get(id)
                                    .orElseThrow()
                                    .containers()
                                    .get(0)
                                    .restartCount()
                            >= 1);
            assertThat(eci.provider().get(id).orElseThrow().isTerminal()).isFalse();
        }

        @Test
        void initContainersRunFirstInOrder() throws Exception {
            String id = eci.provider()
                    .create(group("inits", container("main", "sh", "-c", "echo main; exit 0"))
                            .initContainers(List.of(
                                    container("first", "sh", "-c", "echo one; sleep 0.1"),
                                    container("second", "echo", "two")))
                            .build());
            ContainerGroupState s = awaitStatus(id, "Succeeded");
            ContainerGroupState.ContainerState first = s.initContainers().get(0).currentState();
            ContainerGroupState.ContainerState second =
                    s.initContainers().get(1).currentState();
            ContainerGroupState.ContainerState main = s.containers().get(0).currentState();
            assertThat(first.finishTime()).isBeforeOrEqualTo(second.startTime());
            assertThat(second.finishTime()).isBeforeOrEqualTo(main.startTime());
            assertThat(eci.provider().logs(id, "second", LogQuery.all())).isEqualTo("two\n");
        }

        @Test
        void aFailingInitContainerFailsANeverGroup() throws Exception {
            String id = eci.provider()
                    .create(group("init-fails", container("main", "sleep", "60"))
                            .initContainers(List.of(container("setup", "false")))
                            .build());
            ContainerGroupState s = awaitStatus(id, "Failed");
            assertThat(s.containers().get(0).currentState().state()).isEqualTo("Waiting");
        }

        @Test
        void activeDeadlineSecondsFailsTheGroup() throws Exception {
            String id = eci.provider()
                    .create(group("deadline", container("c", "sleep", "3600"))
                            .activeDeadlineSeconds(1L)
                            .build());
            ContainerGroupState s = awaitStatus(id, "Failed");
            assertThat(s.events())
                    .extracting(ContainerGroupState.GroupEvent::reason)
                    .contains("DeadlineExceeded");
        }

        @Test
        void readinessFollowsTheProbe() throws Exception {
            ContainerSpec declared = new ContainerSpec(
                    "web",
                    "nginx",
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(new ContainerSpec.Port(8080, "TCP")),
                    null,
                    null,
                    null,
                    null,
                    null,
                    new ContainerSpec.Probe(null, new ContainerSpec.HttpGet("/", 8080, null), null, 0, 1, 1, 1, 3),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            ContainerSpec undeclared = new ContainerSpec(
                    "other",
                    "nginx",
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
                    new ContainerSpec.Probe(null, null, 9999, 0, 1, 1, 1, 3),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
            String id =
                    eci.provider().create(group("ready", declared, undeclared).build());
            await().atMost(WAIT)
                    .until(() -> Boolean.TRUE.equals(eci.provider()
                            .get(id)
                            .orElseThrow()
                            .containers()
                            .get(0)
                            .ready()));
            assertThat(eci.provider().get(id).orElseThrow().containers().get(1).ready())
                    .isFalse();
        }

        @Test
        void restartRunsTheContainersAgain() throws Exception {
            String id = eci.provider()
                    .create(group("restart", container("c", "sleep", "3600")).build());
            awaitStatus(id, "Running");
            eci.provider().restart(id, UUID.randomUUID().toString());
            await().atMost(WAIT)
                    .until(() -> eci.provider()
                                    .get(id)
                                    .orElseThrow()
                                    .containers()
                                    .get(0)
                                    .restartCount()
                            == 1);
            assertThat(awaitStatus(id, "Running")
                            .containers()
                            .get(0)
                            .previousState()
                            .state())
                    .isEqualTo("Terminated");
        }
    }

    @Nested
    class Logs {
        @Test
        void tailLimitBytesAndPrevious() throws Exception {
            String id = eci.provider()
                    .create(group("logs", container("c", "sh", "-c", "echo one; echo two; echo three; exit 1"))
                            .restartPolicy("OnFailure")
                            .build());
            await().atMost(WAIT)
                    .until(() -> eci.provider()
                                    .get(id)
                                    .orElseThrow()
                                    .containers()
                                    .get(0)
                                    .restartCount()
                            >= 1);
            assertThat(eci.provider().logs(id, "c", LogQuery.all())).isEqualTo("one\ntwo\nthree\n");
            assertThat(eci.provider().logs(id, "c", new LogQuery(2, null, null, null, false, false)))
                    .isEqualTo("two\nthree\n");
            assertThat(eci.provider().logs(id, "c", new LogQuery(null, null, null, 5L, false, false)))
                    .isEqualTo("one\nt");
            assertThat(eci.provider().logs(id, "c", new LogQuery(null, null, null, null, true, false)))
                    .isEqualTo("one\ntwo\nthree\n");
            assertThat(failure(() -> eci.provider().logs(id, "nope", LogQuery.all()))
                            .failureClass())
                    .isEqualTo(FailureClass.NOT_FOUND);
        }

        @Test
        void sinceSecondsAndStartTimeFilterByTime() throws Exception {
            String id = eci.provider()
                    .create(group("timed", container("c", "sh", "-c", "echo early; sleep 3; echo late; sleep 3600"))
                            .build());
            await().atMost(WAIT)
                    .until(() -> eci.provider().logs(id, "c", LogQuery.all()).contains("late"));
            // "late" is 3 s after "early": a 2 s window holds only "late" for up to 2 s after it was written
            assertThat(eci.provider().logs(id, "c", new LogQuery(null, 2, null, null, false, false)))
                    .isEqualTo("late\n");
            assertThat(eci.provider()
                            .logs(
                                    id,
                                    "c",
                                    new LogQuery(null, null, Instant.now().plusSeconds(60), null, false, false)))
                    .isEmpty();
            assertThat(eci.provider()
                            .logs(
                                    id,
                                    "c",
                                    new LogQuery(null, null, Instant.now().minusSeconds(60), null, false, false)))
                    .isEqualTo("early\nlate\n");
        }
    }

    @Nested
    class Exec {
        /** Collects the channel frames of one exec session. */
        static final class Frames implements WebSocket.Listener {
            final ConcurrentLinkedQueue<byte[]> frames = new ConcurrentLinkedQueue<>();
            final CompletableFuture<Void> closed = new CompletableFuture<>();

            @Override
            public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
                byte[] bytes = new byte[data.remaining()];
                data.get(bytes);
                frames.add(bytes);
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(null);
                return null;
            }

            String channel(int ch) {
                StringBuilder sb = new StringBuilder();
                for (byte[] f : frames) {
                    if (f.length > 0 && f[0] == ch) {
                        sb.append(new String(f, 1, f.length - 1, StandardCharsets.UTF_8));
                    }
                }
                return sb.toString();
            }
        }

        Frames run(URI uri, String... stdinLines) throws Exception {
            Frames frames = new Frames();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .subprotocols("v4.channel.k8s.io")
                    .buildAsync(uri, frames)
                    .get(5, TimeUnit.SECONDS);
            for (String line : stdinLines) {
                byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
                ByteBuffer buf = ByteBuffer.allocate(bytes.length + 1)
                        .put((byte) 0)
                        .put(bytes)
                        .flip();
                ws.sendBinary(buf, true).get(5, TimeUnit.SECONDS);
            }
            frames.closed.get(5, TimeUnit.SECONDS);
            return frames;
        }

        @Test
        void echoWritesStdoutAndASuccessStatus() throws Exception {
            String id = eci.provider()
                    .create(group("exec", container("c", "sleep", "3600"))
                            .volumes(List.of(VolumeSpec.configFile(
                                    "cfg",
                                    null,
                                    List.of(new VolumeSpec.ConfigFile(
                                            "app.conf",
                                            Base64.getEncoder().encodeToString("key=value\n".getBytes()),
                                            null)))))
                            .containers(List.of(new ContainerSpec(
                                    "c",
                                    "busybox",
                                    null,
                                    List.of("sleep", "3600"),
                                    null,
                                    null,
                                    List.of(ContainerSpec.EnvVar.literal("GREETING", "hello")),
                                    null,
                                    null,
                                    null,
                                    null,
                                    List.of(new ContainerSpec.VolumeMount("cfg", "/etc/app", null, null, null)),
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null)))
                            .build());
            awaitStatus(id, "Running");
            Frames echo = run(eci.provider().exec(id, "c", List.of("echo", "hello", "world"), false, false));
            assertThat(echo.channel(1)).isEqualTo("hello world\n");
            assertThat(echo.channel(3)).contains("\"status\":\"Success\"");

            Frames cat = run(eci.provider().exec(id, "c", List.of("cat", "/etc/app/app.conf"), false, false));
            assertThat(cat.channel(1)).isEqualTo("key=value\n");

            Frames script =
                    run(eci.provider().exec(id, "c", List.of("sh", "-c", "echo $GREETING; exit 4"), false, false));
            assertThat(script.channel(1)).isEqualTo("hello\n");
            assertThat(script.channel(3)).contains("NonZeroExitCode").contains("\"message\":\"4\"");

            Frames unknown = run(eci.provider().exec(id, "c", List.of("frobnicate"), false, false));
            assertThat(unknown.channel(2)).contains("frobnicate");
            assertThat(unknown.channel(3)).contains("\"message\":\"127\"");

            Frames shell = run(eci.provider().exec(id, "c", List.of("sh"), false, true), "hostname", "exit 0");
            assertThat(shell.channel(1)).isEqualTo("exec\n");
            assertThat(shell.channel(3)).contains("Success");
        }

        @Test
        void aTtyShellEchoesInputAcceptsResizeAndEndsOnExit() throws Exception {
            String id = eci.provider()
                    .create(group("tty", container("c", "sleep", "3600")).build());
            awaitStatus(id, "Running");
            Frames frames = new Frames();
            WebSocket ws = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .buildAsync(eci.provider().exec(id, "c", List.of("/bin/sh"), true, true), frames)
                    .get(5, TimeUnit.SECONDS);
            byte[] resize = "{\"Width\":120,\"Height\":40}".getBytes(StandardCharsets.UTF_8);
            ws.sendBinary(
                            ByteBuffer.allocate(resize.length + 1)
                                    .put((byte) 4)
                                    .put(resize)
                                    .flip(),
                            true)
                    .get(5, TimeUnit.SECONDS);
            for (String line : List.of("echo hi\r", "exit 5\r")) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                ws.sendBinary(
                                ByteBuffer.allocate(bytes.length + 1)
                                        .put((byte) 0)
                                        .put(bytes)
                                        .flip(),
                                true)
                        .get(5, TimeUnit.SECONDS);
            }
            frames.closed.get(5, TimeUnit.SECONDS);
            assertThat(frames.channel(1))
                    .startsWith("# ")
                    .contains("echo hi\r\n")
                    .contains("hi\r\n# ");
            assertThat(frames.channel(3)).contains("\"message\":\"5\"");
        }

        @Test
        void execNeedsARunningContainer() throws Exception {
            String id = eci.provider()
                    .create(group("exec-done", container("c", "true")).build());
            awaitStatus(id, "Succeeded");
            ProviderException e = failure(() -> eci.provider().exec(id, "c", List.of("ls"), false, false));
            assertThat(e.code()).isEqualTo("IncorrectStatus");
            assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        }
    }

    @Nested
    class Metrics {
        @Test
        void samplesAreConsistentWithTheResources() throws Exception {
            String running = eci.provider()
                    .create(group("metrics", container("c", "sleep", "3600")).build());
            awaitStatus(running, "Running");
            List<GroupMetrics> metrics = eci.provider().metrics(List.of(running, "eci-unknown000000000000"));
            assertThat(metrics).singleElement().satisfies(m -> {
                assertThat(m.containerGroupId()).isEqualTo(running);
                assertThat(m.cpu().limit()).isEqualTo(500);
                assertThat(m.cpu().usageNanoCores()).isBetween(1L, 500_000_000L);
                assertThat(m.memory().workingSet()).isPositive().isLessThan(1L << 30);
                assertThat(m.containers())
                        .singleElement()
                        .satisfies(c -> assertThat(c.name()).isEqualTo("c"));
            });
        }
    }

    @Nested
    class Faults {
        @Test
        void noStockIsACapacityFailureWithItsCode() {
            eci.simulator()
                    .injectFault(Fault.error("CreateContainerGroup", "OperationDenied.NoStock")
                            .inZone(EmbeddedEci.ZONE_A));
            ProviderException e = failure(
                    () -> eci.provider().create(group("nostock", container("c")).build()));
            assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
            assertThat(e.code()).isEqualTo("OperationDenied.NoStock");
        }

        @Test
        void aZoneOutOfStockRefusesCreatesThere() throws Exception {
            eci.simulator().setStock(EmbeddedEci.ZONE_B, 0);
            try {
                ProviderException e = failure(() -> eci.provider()
                        .create(group("zone-b", container("c"))
                                .vSwitchId(EmbeddedEci.VSWITCH_B)
                                .build()));
                assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
                assertThat(eci.provider().create(group("zone-a", container("c")).build()))
                        .startsWith("eci-");
            } finally {
                eci.simulator().setStock(EmbeddedEci.ZONE_B, null);
            }
        }

        @Test
        void serverErrorsAreTransientAndReportedToTheListener() {
            eci.simulator().injectFault(Fault.error("DescribeRegions", "InternalError"));
            ProviderException e = failure(() -> eci.provider().ping());
            assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(e.code()).isEqualTo("InternalError");
            assertThat(calls)
                    .anySatisfy(c -> assertThat(c).containsExactly("DescribeRegions", "transient", "InternalError"));
            assertThat(calls).anySatisfy(c -> assertThat(c[1]).isEqualTo(EciCallListener.SUCCESS));
        }

        @Test
        void addedLatencyHoldsTheCallButItSucceedsWithinTheReadTimeout() throws Exception {
            // the latency is real: a client whose read timeout is shorter gives up with a transient network error
            try (EciProvider impatient = new EciProvider(
                    EciProvider.Settings.staticKey(eci.endpoint(), EmbeddedEci.REGION, "simulator", "simulator-secret")
                            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(200)))) {
                eci.simulator().injectFault(Fault.latency("DescribeRegions", Duration.ofSeconds(2)));
                ProviderException e = failure(impatient::ping);
                assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
            }
            // the provider's own client waits it out: slow, yet successful
            eci.simulator().injectFault(Fault.latency("DescribeRegions", Duration.ofMillis(300)));
            eci.provider().ping();
        }
    }

    @Nested
    class QuotasAndCredentials {
        @Test
        void serverThrottlingIsTransient() throws Exception {
            // 0.002 x 1000/min = 2 creates per minute; the client-side limiter is off so the server decides
            try (EmbeddedEci tight =
                    EmbeddedEci.start(b -> b.quotaScale(0.002), s -> s.withRateLimit(0, Duration.ZERO))) {
                tight.provider().create(group("q1", container("c")).build());
                tight.provider().create(group("q2", container("c")).build());
                ProviderException e = failure(() ->
                        tight.provider().create(group("q3", container("c")).build()));
                assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                assertThat(e.code()).isEqualTo("Throttling");
                assertThat(tight.simulator().counters().errors("CreateContainerGroup", "Throttling"))
                        .isEqualTo(1);
            }
        }

        @Test
        void theClientSideLimiterMakesCallersWaitInsteadOfFailing() throws Exception {
            // 0.006 x DescribeRegions' 10,000/min = 1 call per second: the second ping waits about a second
            try (EmbeddedEci limited = EmbeddedEci.start(b -> b, s -> s.withRateLimit(0.006, Duration.ofSeconds(5)))) {
                AtomicInteger ok = new AtomicInteger();
                for (int i = 0; i < 2; i++) {
                    limited.provider().ping();
                    ok.incrementAndGet();
                }
                // both succeed: the second waited for a token on the client (one throttled wait) rather than
                // reaching the server early and being refused there
                assertThat(ok).hasValue(2);
                assertThat(limited.provider().throttledWaits()).containsEntry("DescribeRegions", 1L);
                assertThat(limited.simulator().counters().calls("DescribeRegions"))
                        .isEqualTo(2);
                assertThat(limited.simulator().counters().errors("DescribeRegions", "Throttling"))
                        .isZero();
            }
            try (EmbeddedEci limited = EmbeddedEci.start(b -> b, s -> s.withRateLimit(0.006, Duration.ZERO))) {
                limited.provider().ping();
                ProviderException e = failure(() -> limited.provider().ping());
                assertThat(e.code()).isEqualTo("Throttling");
                assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                assertThat(limited.simulator().counters().calls("DescribeRegions"))
                        .isEqualTo(1);
            }
        }

        @Test
        void wrongCredentialsArePermanentAndNeverShowTheSecret() throws Exception {
            EciProvider wrongSecret = new EciProvider(EciProvider.Settings.staticKey(
                    eci.endpoint(), EmbeddedEci.REGION, "simulator", "not-the-secret-xyz"));
            ProviderException e = failure(wrongSecret::ping);
            assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
            assertThat(e.getMessage()).doesNotContain("not-the-secret-xyz");

            EciProvider v1WrongSecret = new EciProvider(EciProvider.Settings.staticKey(
                            eci.endpoint(), EmbeddedEci.REGION, "simulator", "not-the-secret-xyz")
                    .withSignatureVersion("v1"));
            assertThat(failure(v1WrongSecret::ping).code()).isEqualTo("SignatureDoesNotMatch");

            EciProvider unknownKey = new EciProvider(
                    EciProvider.Settings.staticKey(eci.endpoint(), EmbeddedEci.REGION, "nobody", "secret"));
            ProviderException unknown = failure(unknownKey::ping);
            assertThat(unknown.code()).isEqualTo("InvalidAccessKeyId.NotFound");
            assertThat(unknown.failureClass()).isEqualTo(FailureClass.PERMANENT);
        }

        @Test
        void v1SignaturesWorkEndToEnd() throws Exception {
            EciProvider v1 = new EciProvider(
                    EciProvider.Settings.staticKey(eci.endpoint(), EmbeddedEci.REGION, "simulator", "simulator-secret")
                            .withSignatureVersion("v1"));
            String id = v1.create(group("v1-group", container("c", "sleep", "60"))
                    .tags(Map.of("app", "v1 test/ü"))
                    .build());
            assertThat(v1.get(id).orElseThrow().tags()).containsEntry("app", "v1 test/ü");
        }

        @Test
        void anUnreachableEndpointIsATransientNetworkError() throws Exception {
            int closedPort;
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            EciProvider down = new EciProvider(EciProvider.Settings.staticKey(
                            "127.0.0.1:" + closedPort, EmbeddedEci.REGION, "simulator", "simulator-secret")
                    .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500)));
            ProviderException e = failure(down::ping);
            assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
            assertThat(e.code()).isEqualTo("NetworkError");
        }
    }
}
