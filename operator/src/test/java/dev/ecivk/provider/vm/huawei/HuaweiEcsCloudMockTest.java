package dev.ecivk.provider.vm.huawei;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.provider.vm.VmInstance.State;
import dev.ecivk.simulator.huawei.HuaweiEcsSimulator;
import dev.ecivk.simulator.huawei.HuaweiFault;
import dev.ecivk.simulator.huawei.HuaweiSimSettings;
import dev.ecivk.simulator.huawei.SimFlavor;
import dev.ecivk.simulator.vm.VmBootHook;
import dev.ecivk.testing.CapturingAppender;
import dev.ecivk.testing.MutableClock;
import dev.ecivk.testing.SecretLeaks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HuaweiEcsCloud} on the official Huawei Cloud SDK against the embedded Huawei ECS over HTTP: every call the
 * adapter makes, each failure class from the cloud's codes, the job pattern, idempotency and the boot hook.
 */
class HuaweiEcsCloudMockTest {
    private static final String ZONE = "cn-north-4a";
    private static final Duration SCHEDULE = Duration.ofMillis(100);
    private static final Duration BUILD = Duration.ofMillis(200);
    private static final Duration DELETE = Duration.ofMillis(150);
    private static final String SECRET = "huawei-test-sk-" + UUID.randomUUID();

    private final List<String> boots = Collections.synchronizedList(new ArrayList<>());
    private final VmBootHook hook = (id, ip, userData) -> {
        boots.add("boot " + id + " " + ip + " " + userData);
        return () -> boots.add("close " + id);
    };
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(resources);
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    private HuaweiEcsSimulator simulator(HuaweiSimSettings.Builder b) {
        HuaweiEcsSimulator sim = HuaweiEcsSimulator.start(b.accessKey("HPUATESTAK", SECRET)
                .timings(SCHEDULE, BUILD, DELETE)
                .tick(Duration.ofMillis(10))
                .bootHook(hook)
                .build());
        resources.add(sim);
        return sim;
    }

    private HuaweiEcsSimulator simulator() {
        return simulator(HuaweiSimSettings.builder());
    }

    private static HuaweiEcsSettings settings(HuaweiEcsSimulator sim, String secret) {
        return HuaweiEcsSettings.staticKey(
                sim.endpoint(),
                sim.settings().region(),
                sim.settings().projectId(),
                "HPUATESTAK",
                secret,
                HuaweiSimSettings.DEFAULT_VPC_ID);
    }

    private HuaweiEcsCloud cloud(HuaweiEcsSimulator sim) {
        return new HuaweiEcsCloud(settings(sim, SECRET));
    }

    private static LaunchRequest request(String pod, String uid, String... flavors) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("ecivk.dev/cluster", "cluster-1");
        tags.put("ecivk.dev/node", "vk-huawei");
        tags.put("ecivk.dev/namespace", "default");
        tags.put("ecivk.dev/name", pod);
        tags.put("ecivk.dev/uid", uid);
        return new LaunchRequest(
                "default." + pod,
                pod,
                uid,
                ZONE,
                HuaweiSimSettings.DEFAULT_SUBNET_ID,
                HuaweiSimSettings.DEFAULT_SECURITY_GROUP_ID,
                HuaweiSimSettings.DEFAULT_IMAGE_ID,
                List.of(flavors),
                40,
                "#!/bin/sh\necivk agent --join " + pod,
                tags,
                null,
                null);
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }

    private static VmInstance described(HuaweiEcsCloud cloud, String id) throws ProviderException {
        return cloud.get(id).orElseThrow();
    }

    private static ProviderException failure(ThrowingCall call) {
        try {
            call.run();
        } catch (ProviderException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a ProviderException", e);
        }
        throw new AssertionError("expected a ProviderException, the call succeeded");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    void aLaunchedServerGoesThroughItsJobToRunningBootsItsUserDataAndTerminatesToDeleted() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        HuaweiEcsSimulator sim = simulator(HuaweiSimSettings.builder().clock(clock));
        HuaweiEcsCloud cloud =
                new HuaweiEcsCloud(settings(sim, SECRET).withLaunchWait(Duration.ZERO, Duration.ofMillis(10)));
        String uid = uid();

        String id = cloud.launch(request("web-0", uid, "s6.large.2"));

        assertThat(described(cloud, id).state()).as("queued job").isEqualTo(State.PENDING);
        clock.advance(SCHEDULE);
        assertThat(described(cloud, id).state()).as("BUILD/spawning").isEqualTo(State.STARTING);
        clock.advance(BUILD);
        VmInstance vm = described(cloud, id);
        assertThat(vm.state()).isEqualTo(State.RUNNING);
        assertThat(vm.cloudState()).isEqualTo("ACTIVE");
        assertThat(vm.instanceType()).isEqualTo("s6.large.2");
        assertThat(vm.zoneId()).isEqualTo(ZONE);
        assertThat(vm.vSwitchId()).isEqualTo(HuaweiSimSettings.DEFAULT_SUBNET_ID);
        assertThat(vm.privateIp()).startsWith("192.168.");
        assertThat(vm.name()).isEqualTo("default.web-0");
        assertThat(vm.creationTime()).isNotNull();
        assertThat(vm.tags())
                .containsEntry("ecivk.dev/uid", uid)
                .containsEntry("ecivk.dev/node", "vk-huawei")
                .containsEntry(ServerLaunch.LAUNCH_TOKEN_TAG, uid);
        assertThat(vm.locked()).isFalse();
        await().until(() ->
                boots.contains("boot " + id + " " + vm.privateIp() + " #!/bin/sh\necivk agent --join web-0"));

        assertThat(cloud.terminate(id)).isFalse();
        assertThat(described(cloud, id).state()).isEqualTo(State.STOPPING);
        assertThat(cloud.terminate(id))
                .as("a second call while deleting submits nothing")
                .isFalse();
        assertThat(sim.counters().calls("DeleteServers")).isEqualTo(1);
        clock.advance(DELETE);
        assertThat(cloud.terminate(id)).isTrue();
        assertThat(described(cloud, id).state()).isEqualTo(State.DELETED);
        await().until(() -> boots.contains("close " + id));
        assertThat(cloud.listByTags(Map.of("ecivk.dev/uid", uid))).isEmpty();
    }

    @Test
    void aRepeatedLaunchEvenFromANewControllerGetsTheSameServer() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        LaunchRequest request = request("job-1", uid(), "s6.large.2");

        String first = cloud(sim).launch(request);
        String again = cloud(sim).launch(request);
        String afterRestart = new HuaweiEcsCloud(settings(sim, SECRET)).launch(request);

        assertThat(again).isEqualTo(first);
        assertThat(afterRestart).isEqualTo(first);
        assertThat(sim.counters().creates()).isEqualTo(1);
        assertThat(sim.liveServers()).isEqualTo(1);
    }

    @Test
    void aRetryWhoseUserDataChangedFindsTheServerByItsLaunchTokenInsteadOfCreatingAnother() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        HuaweiEcsCloud cloud = cloud(sim);
        String uid = uid();
        LaunchRequest request = request("batch-7", uid, "s6.large.2");
        String id = cloud.launch(request);
        LaunchRequest changed = new LaunchRequest(
                request.name(),
                request.hostName(),
                request.clientToken(),
                request.zoneId(),
                request.vSwitchId(),
                request.securityGroupId(),
                request.imageId(),
                request.instanceTypes(),
                request.systemDiskGiB(),
                "another one-time credential",
                request.tags(),
                null,
                null);
        assertThat(cloud.launch(changed)).isEqualTo(id);
        assertThat(sim.counters().creates()).isEqualTo(1);
    }

    @Test
    void aFlavorSoldOutAtSubmitOrShortOfCapacityInItsJobFallsBackToTheNextFlavor() throws Exception {
        List<SimFlavor> flavors = new ArrayList<>();
        for (SimFlavor f : SimFlavor.defaultCatalogue()) {
            flavors.add(f.id().equals("s6.large.2") ? f.withZoneStatus(Map.of(ZONE, "sellout")) : f);
        }
        HuaweiEcsSimulator sim = simulator(HuaweiSimSettings.builder().flavors(flavors));
        HuaweiEcsCloud cloud = cloud(sim);
        sim.injectFault(HuaweiFault.jobFailure("Ecs.0319").forFlavor("c7.large.2"));

        String id = cloud.launch(request("fallback", uid(), "s6.large.2", "c7.large.2", "s6.xlarge.2"));

        assertThat(described(cloud, id).instanceType()).isEqualTo("s6.xlarge.2");
        assertThat(sim.counters().errors("CreatePostPaidServers", "Ecs.0018")).isEqualTo(1);

        sim.injectFault(HuaweiFault.jobFailure("Ecs.0319").always());
        ProviderException e = failure(() -> cloud.launch(request("nowhere", uid(), "c7.large.2", "s6.xlarge.2")));
        assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
        assertThat(e.code()).isEqualTo("Ecs.0319");
        assertThat(e.getMessage()).contains("job").contains("failed").doesNotContain(SECRET);
    }

    @Test
    void aCreateJobFailureThatIsNotAboutStockIsClassifiedAndTheNextLaunchTriesAFreshJob() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        HuaweiEcsCloud cloud = cloud(sim);
        sim.injectFault(HuaweiFault.jobFailure("Ecs.0204"));
        LaunchRequest request = request("flaky", uid(), "s6.large.2");

        ProviderException e = failure(() -> cloud.launch(request));
        assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(e.code()).isEqualTo("Ecs.0204");

        String id = cloud.launch(request);
        await().until(() -> described(cloud, id).state() == State.RUNNING);
        assertThat(sim.counters().creates()).isEqualTo(2);
        assertThat(sim.liveServers()).isEqualTo(1);
    }

    @Test
    void aFailedJobOfALaunchThatReturnedEarlyShowsAsAnErrorWithItsCodeAndTerminatesAtOnce() throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        HuaweiEcsSimulator sim = simulator(HuaweiSimSettings.builder().clock(clock));
        HuaweiEcsCloud cloud =
                new HuaweiEcsCloud(settings(sim, SECRET).withLaunchWait(Duration.ZERO, Duration.ofMillis(10)));
        sim.injectFault(HuaweiFault.jobFailure("Ecs.0319"));

        String failed = cloud.launch(request("unlucky", uid(), "s6.large.2"));
        assertThat(described(cloud, failed).state()).isEqualTo(State.PENDING);
        clock.advance(SCHEDULE);

        VmInstance error = described(cloud, failed);
        assertThat(error.state()).isEqualTo(State.ERROR);
        assertThat(error.lockReason()).startsWith("Ecs.0319: ");
        assertThat(cloud.terminate(failed)).isTrue();
        assertThat(cloud.describe(List.of(failed))).isEmpty();
        assertThatThrownBy(() -> cloud.terminate(failed))
                .isInstanceOfSatisfying(
                        ProviderException.class, x -> assertThat(x.isNotFound()).isTrue());
    }

    @Test
    void theCatalogueListsSellableFlavorsWithTheirSizeAndGpus() throws Exception {
        List<SimFlavor> flavors = new ArrayList<>(SimFlavor.defaultCatalogue());
        flavors.add(SimFlavor.of("c7.4xlarge.2", 16, 32, "computingv3").withZoneStatus(Map.of(ZONE, "sellout")));
        HuaweiEcsCloud cloud = cloud(simulator(HuaweiSimSettings.builder().flavors(flavors)));

        List<InstanceTypeOffer> offers = cloud.instanceTypes(ZONE);

        assertThat(offers).extracting(InstanceTypeOffer::id).doesNotContain("s3.large.2", "c7.4xlarge.2");
        assertThat(offers)
                .filteredOn(o -> o.id().equals("m7.large.8"))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.family()).isEqualTo("m7");
                    assertThat(o.cpu()).isEqualTo(2.0);
                    assertThat(o.memoryGiB()).isEqualTo(16.0);
                    assertThat(o.gpu()).isZero();
                    assertThat(o.pricePerHour()).isNull();
                });
        assertThat(offers)
                .filteredOn(o -> o.id().equals("pi2.2xlarge.4"))
                .singleElement()
                .satisfies(o -> {
                    assertThat(o.gpu()).isEqualTo(1);
                    assertThat(o.gpuSpec()).isEqualTo("nvidia-t4");
                });
        assertThat(cloud.instanceTypes("cn-north-4b"))
                .extracting(InstanceTypeOffer::id)
                .contains("c7.4xlarge.2");
    }

    @Test
    void listingByTagsPagesThroughEveryServerAndKeepsOnlyThoseWithAllTags() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        HuaweiEcsCloud cloud = new HuaweiEcsCloud(settings(sim, SECRET), 2);
        List<String> ours = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ours.add(cloud.launch(request("ours-" + i, uid(), "s6.small.1")));
        }
        LaunchRequest other = request("other", uid(), "s6.small.1");
        Map<String, String> otherTags = new LinkedHashMap<>(other.tags());
        otherTags.put("ecivk.dev/node", "another-node");
        cloud.launch(new LaunchRequest(
                other.name(),
                other.hostName(),
                other.clientToken(),
                other.zoneId(),
                other.vSwitchId(),
                other.securityGroupId(),
                other.imageId(),
                other.instanceTypes(),
                40,
                other.userData(),
                otherTags,
                null,
                null));
        await().until(() ->
                cloud.listByTags(Map.of("ecivk.dev/cluster", "cluster-1")).size() == 6);

        List<VmInstance> mine =
                cloud.listByTags(Map.of("ecivk.dev/cluster", "cluster-1", "ecivk.dev/node", "vk-huawei"));

        assertThat(mine).extracting(VmInstance::id).containsExactlyInAnyOrderElementsOf(ours);
        assertThat(sim.counters().calls("ListServersDetails")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void describeBatchesAHundredIdsPerCallAndLeavesUnknownIdsOut() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        HuaweiEcsCloud cloud = cloud(sim);
        String a = cloud.launch(request("a", uid(), "s6.small.1"));
        String b = cloud.launch(request("b", uid(), "s6.small.1"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 148; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        ids.add(40, a);
        ids.add(b);
        long before = sim.counters().calls("ListServersDetails");

        List<VmInstance> found = cloud.describe(ids);

        assertThat(found).extracting(VmInstance::id).containsExactlyInAnyOrder(a, b);
        assertThat(sim.counters().calls("ListServersDetails") - before).isEqualTo(2);
    }

    @Test
    void serversStoppedFailedOrLockedOutsideTheControllerAreReportedSo() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        HuaweiEcsCloud cloud = cloud(sim);
        String stopped = cloud.launch(request("stopped", uid(), "s6.small.1"));
        String failed = cloud.launch(request("failed", uid(), "s6.small.1"));
        String locked = cloud.launch(request("locked", uid(), "s6.small.1"));
        await().until(() ->
                cloud.describe(List.of(stopped, failed, locked)).stream().allMatch(v -> v.state() == State.RUNNING));

        sim.stopServer(stopped);
        sim.failServer(failed, 500, "The host of the server is down.");
        sim.lockServer(locked, true);

        assertThat(described(cloud, stopped).state()).isEqualTo(State.STOPPED);
        VmInstance error = described(cloud, failed);
        assertThat(error.state()).isEqualTo(State.ERROR);
        assertThat(error.lockReason()).isEqualTo("500: The host of the server is down.");
        VmInstance lockedVm = described(cloud, locked);
        assertThat(lockedVm.locked()).isTrue();
        assertThat(lockedVm.lockReason()).isEqualTo("locked");
        ProviderException refused = failure(() -> cloud.terminate(locked));
        assertThat(refused.code()).isEqualTo("Ecs.0605");
        assertThat(refused.failureClass()).isEqualTo(FailureClass.PERMANENT);
        await().until(() -> boots.contains("close " + stopped) && boots.contains("close " + failed));
    }

    @Test
    void everyFailureClassComesFromTheCloudsAnswer() throws Exception {
        HuaweiEcsSimulator sim =
                simulator(HuaweiSimSettings.builder().quotas(new HuaweiSimSettings.Quotas(1, 100, 1 << 20)));
        HuaweiEcsCloud cloud = cloud(sim);

        sim.injectFault(HuaweiFault.error("ListFlavors", "APIGW.0308"));
        ProviderException throttled = failure(() -> cloud.instanceTypes(ZONE));
        assertThat(throttled.failureClass()).as(throttled.toString()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(throttled.code()).isEqualTo("APIGW.0308");

        sim.injectFault(HuaweiFault.error("ListServersDetails", "Common.1503"));
        assertThat(failure(cloud::ping).failureClass()).isEqualTo(FailureClass.TRANSIENT);

        sim.injectFault(HuaweiFault.error("CreatePostPaidServers", "Common.0024"));
        ProviderException flowControl = failure(() -> cloud.launch(request("fc", uid(), "s6.small.1")));
        assertThat(flowControl.failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(flowControl.code()).isEqualTo("Common.0024");

        ProviderException badFlavor = failure(() -> cloud.launch(request("bad", uid(), "no.such.flavor")));
        assertThat(badFlavor.failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(badFlavor.code()).isEqualTo("Ecs.0029");

        cloud.launch(request("first", uid(), "s6.small.1"));
        ProviderException quota = failure(() -> cloud.launch(request("second", uid(), "s6.small.1")));
        assertThat(quota.failureClass()).isEqualTo(FailureClass.CAPACITY);
        assertThat(quota.code()).isEqualTo("Ecs.0001");

        ProviderException gone = failure(() -> cloud.terminate(UUID.randomUUID().toString()));
        assertThat(gone.failureClass()).isEqualTo(FailureClass.NOT_FOUND);

        sim.injectFault(HuaweiFault.error("ListServersDetails", "Ecs.0319").status(500));
        assertThat(failure(cloud::ping).failureClass()).isEqualTo(FailureClass.CAPACITY);
    }

    @Test
    void everyCallIsToldToTheListenerWithItsOutcomeAndThrottlingApart() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
        HuaweiEcsCloud cloud = new HuaweiEcsCloud(settings(sim, SECRET)
                .withListener((kind, action, outcome, code, nanos) ->
                        calls.add(java.util.Arrays.asList(kind, action, outcome, code))));

        cloud.instanceTypes(ZONE);
        sim.injectFault(HuaweiFault.error("ListServersDetails", "APIGW.0308"));
        failure(cloud::ping);
        failure(() -> cloud.launch(request("bad", uid(), "no.such.flavor")));

        assertThat(calls)
                .containsExactly(
                        java.util.Arrays.asList("huawei-ecs", "ListFlavors", "success", null),
                        java.util.Arrays.asList("huawei-ecs", "ListServersDetails", "throttled", "APIGW.0308"),
                        java.util.Arrays.asList("huawei-ecs", "ListServersDetails", "success", null),
                        java.util.Arrays.asList("huawei-ecs", "CreatePostPaidServers", "permanent", "Ecs.0029"));
        assertThat(cloud.knownActions())
                .containsAll(calls.stream().map(c -> c.get(1)).toList());
    }

    @Test
    void aWrongSecretIsRefusedByTheGatewayAndNoSecretReachesAMessageOrALogLine() throws Exception {
        HuaweiEcsSimulator sim = simulator();
        String wrongSecret = "wrong-sk-" + UUID.randomUUID();
        List<Throwable> thrown = new ArrayList<>();
        try (CapturingAppender logs = CapturingAppender.install()) {
            HuaweiEcsCloud good = cloud(sim);
            good.ping();
            String id = good.launch(request("secret", uid(), "s6.small.1"));
            good.describe(List.of(id));
            ProviderException denied = failure(() -> new HuaweiEcsCloud(settings(sim, wrongSecret)).ping());
            thrown.add(denied);
            assertThat(denied.failureClass()).isEqualTo(FailureClass.PERMANENT);
            assertThat(denied.code()).isEqualTo("APIGW.0301");
            SecretLeaks.assertNoneOf(List.of(SECRET, wrongSecret)).in(logs).in(thrown.toArray(Throwable[]::new));
        }
        assertThat(settings(sim, SECRET).toString()).doesNotContain(SECRET);
    }
}
