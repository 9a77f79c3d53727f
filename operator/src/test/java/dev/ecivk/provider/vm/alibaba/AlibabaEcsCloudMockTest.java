package dev.ecivk.provider.vm.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.aliyun.ecs20140526.models.DescribeUserDataRequest;
import com.aliyun.ecs20140526.models.RunInstancesRequest;
import com.aliyun.teaopenapi.models.Config;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.simulator.Fault;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import dev.ecivk.testing.EmbeddedEcs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ECS adapter against the embedded ECS, end to end through the official SDK and signed requests. */
class AlibabaEcsCloudMockTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String[]> calls = new CopyOnWriteArrayList<>();
    private static EmbeddedEcs ecs;

    @BeforeAll
    static void start() {
        ecs = EmbeddedEcs.start(
                b -> b,
                c -> c.listener(
                        (cloud, action, outcome, code, nanos) -> calls.add(new String[] {action, outcome, code})));
    }

    @AfterAll
    static void stop() {
        ecs.close();
    }

    @AfterEach
    void reset() {
        ecs.simulator().reset();
        calls.clear();
    }

    static LaunchRequest request(String uid, List<String> types) {
        return request(uid, types, "#!/bin/sh\nexec java -jar /opt/ecivk.jar agent\n");
    }

    static LaunchRequest request(String uid, List<String> types, String userData) {
        return new LaunchRequest(
                "web-" + uid.substring(0, 8),
                "web-" + uid.substring(0, 8),
                uid,
                null,
                EmbeddedEcs.VSWITCH_A,
                EmbeddedEcs.SECURITY_GROUP,
                EmbeddedEcs.IMAGE,
                types,
                40,
                userData,
                Map.of("ecivk.dev/cluster", "c1", "ecivk.dev/node", "vk-ecs", "ecivk.dev/uid", uid),
                null,
                null);
    }

    private static String uid() {
        return UUID.randomUUID().toString();
    }

    private static long callsOf(String action) {
        return ecs.simulator().counters().calls(action);
    }

    @Test
    void launchedInstanceRunsWithItsAddressTagsAndUserData() throws Exception {
        String uid = uid();
        String id = ecs.cloud().launch(request(uid, List.of("ecs.g7.large")));

        VmInstance first = ecs.cloud().get(id).orElseThrow();
        assertThat(first.state()).isIn(VmInstance.State.PENDING, VmInstance.State.STARTING, VmInstance.State.RUNNING);
        await().atMost(WAIT).until(() -> ecs.cloud().get(id).orElseThrow().state() == VmInstance.State.RUNNING);
        VmInstance vm = ecs.cloud().get(id).orElseThrow();
        assertThat(vm.cloudState()).isEqualTo("Running");
        assertThat(vm.instanceType()).isEqualTo("ecs.g7.large");
        assertThat(vm.zoneId()).isEqualTo(EmbeddedEcs.ZONE_A);
        assertThat(vm.vSwitchId()).isEqualTo(EmbeddedEcs.VSWITCH_A);
        assertThat(vm.privateIp()).startsWith("10.1.");
        assertThat(vm.name()).isEqualTo("web-" + uid.substring(0, 8));
        assertThat(vm.tags()).containsEntry("ecivk.dev/uid", uid).containsEntry("ecivk.dev/node", "vk-ecs");
        assertThat(vm.creationTime()).isNotNull();
        assertThat(vm.locked()).isFalse();

        // the user data reached ECS Base64-encoded, as cloud-init reads it back
        com.aliyun.ecs20140526.Client sdk = rawClient();
        String userData = sdk.describeUserData(new DescribeUserDataRequest()
                        .setRegionId(EmbeddedEcs.REGION)
                        .setInstanceId(id))
                .getBody()
                .getUserData();
        assertThat(new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8))
                .isEqualTo("#!/bin/sh\nexec java -jar /opt/ecivk.jar agent\n");
        assertThat(ecs.simulator().status(id)).isEqualTo("Running");
    }

    @Test
    void theSameClientTokenNeverLaunchesTwice() throws Exception {
        LaunchRequest request = request(uid(), List.of("ecs.g7.large"));

        String first = ecs.cloud().launch(request);
        String again = ecs.cloud().launch(request);

        assertThat(again).isEqualTo(first);
        assertThat(ecs.simulator().counters().creates()).isEqualTo(1);
        assertThat(ecs.simulator().counters().duplicateCreatesPrevented()).isEqualTo(1);
    }

    @Test
    void noStockForTheFirstTypeFallsBackToTheNext() throws Exception {
        ecs.simulator().setStock(EmbeddedEcs.ZONE_A, "ecs.g7.large", 0);

        String id = ecs.cloud().launch(request(uid(), List.of("ecs.g7.large", "ecs.c7.xlarge")));

        assertThat(ecs.cloud().get(id).orElseThrow().instanceType()).isEqualTo("ecs.c7.xlarge");
        assertThat(ecs.simulator().counters().errors("RunInstances", "OperationDenied.NoStock"))
                .isEqualTo(1);
    }

    @Test
    void aTypeTheZoneDoesNotSellFallsBackToTheNext() throws Exception {
        String id = ecs.cloud().launch(request(uid(), List.of("ecs.gn6i-c4g1.xlarge", "ecs.g7.xlarge")));

        assertThat(ecs.cloud().get(id).orElseThrow().instanceType()).isEqualTo("ecs.g7.xlarge");
        assertThat(ecs.simulator().counters().errors("RunInstances", "InvalidInstanceType.ZoneNotSupported"))
                .isEqualTo(1);
    }

    @Test
    void aZoneNotOnSaleIsCapacityAfterTheLastType() {
        ecs.simulator()
                .injectFault(Fault.error("RunInstances", "Zone.NotOnSale")
                        .inZone(EmbeddedEcs.ZONE_A)
                        .always());

        assertThatThrownBy(() -> ecs.cloud().launch(request(uid(), List.of("ecs.g7.large", "ecs.c7.large"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
                    assertThat(e.code()).isEqualTo("Zone.NotOnSale");
                });
        assertThat(callsOf("RunInstances")).isEqualTo(2);
    }

    @Test
    void aRetryWithTheTokenOfAnEarlierSuccessWithAnotherTypeFindsThatInstance() throws Exception {
        String uid = uid();
        ecs.simulator().setStock(EmbeddedEcs.ZONE_A, "ecs.g7.large", 0);
        String first = ecs.cloud().launch(request(uid, List.of("ecs.g7.large", "ecs.c7.xlarge")));
        ecs.simulator().setStock(EmbeddedEcs.ZONE_A, "ecs.g7.large", null);

        // the controller restarted before it recorded the id: the first type has stock again
        String again = ecs.cloud().launch(request(uid, List.of("ecs.g7.large", "ecs.c7.xlarge")));

        assertThat(again).isEqualTo(first);
        assertThat(ecs.simulator().counters().creates()).isEqualTo(1);
        assertThat(ecs.simulator().counters().errors("RunInstances", "IdempotentParameterMismatch"))
                .isEqualTo(1);
    }

    @Test
    void noTypeInStockIsCapacity() {
        ecs.simulator().setStock(EmbeddedEcs.ZONE_A, null, 0);

        assertThatThrownBy(() -> ecs.cloud().launch(request(uid(), List.of("ecs.g7.large"))))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
                    assertThat(e.code()).isEqualTo("OperationDenied.NoStock");
                    assertThat(e.action()).isEqualTo("RunInstances");
                });
    }

    @Test
    void theInstanceQuotaIsCapacity() throws Exception {
        ecs.simulator().reset();
        EmbeddedEcs small = EmbeddedEcs.start(b -> b.instanceQuota(1), c -> c);
        try (small) {
            small.cloud().launch(request(uid(), List.of("ecs.g7.large")));
            assertThatThrownBy(() -> small.cloud().launch(request(uid(), List.of("ecs.g7.large"))))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.failureClass()).isEqualTo(FailureClass.CAPACITY);
                        assertThat(e.code()).isEqualTo("QuotaExceed.ElasticQuota");
                    });
        }
    }

    @Test
    void userDataOverTheLimitFailsBeforeAnyCall() {
        String big = "x".repeat(32 * 1024 + 1);

        assertThatThrownBy(() -> ecs.cloud().launch(request(uid(), List.of("ecs.g7.large"), big)))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
                    assertThat(e.code()).isEqualTo("InvalidUserData.SizeExceeded");
                });
        assertThat(callsOf("RunInstances")).isZero();
    }

    @Test
    void anUnknownImageIsPermanent() {
        LaunchRequest r = request(uid(), List.of("ecs.g7.large"));
        LaunchRequest unknownImage = new LaunchRequest(
                r.name(),
                r.hostName(),
                r.clientToken(),
                r.zoneId(),
                r.vSwitchId(),
                r.securityGroupId(),
                "m-does-not-exist",
                r.instanceTypes(),
                r.systemDiskGiB(),
                r.userData(),
                r.tags(),
                null,
                null);

        assertThatThrownBy(() -> ecs.cloud().launch(unknownImage))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
                    assertThat(e.code()).isEqualTo("InvalidImageId.NotFound");
                    assertThat(e.getMessage()).contains("HTTP 404");
                });
    }

    @Test
    void throttlingServerErrorsAndLatencyAreTransient() {
        ecs.simulator().injectFault(Fault.error("RunInstances", "Throttling"));
        assertThatThrownBy(() -> ecs.cloud().launch(request(uid(), List.of("ecs.g7.large"))))
                .isInstanceOfSatisfying(
                        ProviderException.class,
                        e -> assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT));

        ecs.simulator()
                .injectFault(
                        Fault.error("DescribeInstances", "ServiceUnavailable").status(503));
        assertThatThrownBy(() -> ecs.cloud().describe(List.of("i-x")))
                .isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                    assertThat(e.code()).isEqualTo("ServiceUnavailable");
                });

        ecs.simulator().injectFault(Fault.latency("DescribeInstances", Duration.ofSeconds(3)));
        EmbeddedEcs impatient = null;
        try {
            impatient = EmbeddedEcs.start(b -> b, c -> c.timeouts(Duration.ofSeconds(1), Duration.ofMillis(300)));
            impatient.simulator().injectFault(Fault.latency("DescribeInstances", Duration.ofSeconds(2)));
            EmbeddedEcs slow = impatient;
            assertThatThrownBy(() -> slow.cloud().describe(List.of("i-x")))
                    .isInstanceOfSatisfying(ProviderException.class, e -> {
                        assertThat(e.failureClass()).isEqualTo(FailureClass.TRANSIENT);
                        assertThat(e.code()).isEqualTo("NetworkError");
                    });
        } finally {
            if (impatient != null) {
                impatient.close();
            }
        }
        assertThat(calls).anySatisfy(c -> assertThat(c).containsExactly("RunInstances", "throttled", "Throttling"));
    }

    @Test
    void describeBatchesAHundredIdsPerCallAndLeavesUnknownIdsOut() throws Exception {
        String id = ecs.cloud().launch(request(uid(), List.of("ecs.g7.large")));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 149; i++) {
            ids.add("i-unknown" + i);
        }
        ids.add(id);
        long before = callsOf("DescribeInstances");

        List<VmInstance> found = ecs.cloud().describe(ids);

        assertThat(found).extracting(VmInstance::id).containsExactly(id);
        assertThat(callsOf("DescribeInstances") - before).isEqualTo(2);
        assertThat(ecs.cloud().describe(List.of())).isEmpty();
    }

    @Test
    void listByTagsPagesThroughEveryMatchingInstance() throws Exception {
        com.aliyun.ecs20140526.Client sdk = rawClient();
        for (int batch = 0; batch < 3; batch++) {
            sdk.runInstances(new RunInstancesRequest()
                    .setRegionId(EmbeddedEcs.REGION)
                    .setImageId(EmbeddedEcs.IMAGE)
                    .setInstanceType("ecs.c7.large")
                    .setSecurityGroupId(EmbeddedEcs.SECURITY_GROUP)
                    .setVSwitchId(batch == 2 ? EmbeddedEcs.VSWITCH_B : EmbeddedEcs.VSWITCH_A)
                    .setAmount(batch == 2 ? 30 : 100)
                    .setTag(List.of(
                            new RunInstancesRequest.RunInstancesRequestTag()
                                    .setKey("ecivk.dev/node")
                                    .setValue("n1"),
                            new RunInstancesRequest.RunInstancesRequestTag()
                                    .setKey("batch")
                                    .setValue(String.valueOf(batch)))));
        }
        ecs.cloud().launch(request(uid(), List.of("ecs.g7.large")));
        long before = callsOf("DescribeInstances");

        List<VmInstance> all = ecs.cloud().listByTags(Map.of("ecivk.dev/node", "n1"));
        List<VmInstance> second = ecs.cloud().listByTags(Map.of("ecivk.dev/node", "n1", "batch", "1"));

        assertThat(all).hasSize(230).extracting(VmInstance::id).doesNotHaveDuplicates();
        assertThat(second).hasSize(100).allSatisfy(i -> assertThat(i.tags()).containsEntry("batch", "1"));
        assertThat(callsOf("DescribeInstances") - before).isEqualTo(3 + 1);
        assertThat(ecs.cloud().listByTags(Map.of("ecivk.dev/node", "nobody"))).isEmpty();
    }

    @Test
    void terminateForceStopsWaitsForStoppedAndDeletes() throws Exception {
        String id = ecs.cloud().launch(request(uid(), List.of("ecs.g7.large")));
        await().atMost(WAIT).until(() -> ecs.simulator().status(id).equals("Running"));

        assertThat(ecs.cloud().terminate(id)).as("the first step stops").isFalse();
        assertThat(ecs.simulator().status(id)).isIn("Stopping", "Stopped");
        await().atMost(WAIT)
                .pollInterval(20, TimeUnit.MILLISECONDS)
                .until(() -> ecs.cloud().terminate(id));

        assertThat(ecs.simulator().status(id)).isNull();
        assertThat(callsOf("StopInstance")).isEqualTo(1);
        assertThat(callsOf("DeleteInstance")).isEqualTo(1);
        assertThatThrownBy(() -> ecs.cloud().terminate(id)).isInstanceOfSatisfying(ProviderException.class, e -> {
            assertThat(e.failureClass()).isEqualTo(FailureClass.NOT_FOUND);
            assertThat(e.code()).isEqualTo("InvalidInstanceId.NotFound");
        });
        assertThat(ecs.cloud().get(id)).isEmpty();
    }

    @Test
    void terminateOfAStartingInstanceWaitsInsteadOfFailing() throws Exception {
        EmbeddedEcs slow = EmbeddedEcs.start(b -> b.delays(Duration.ofHours(1)), c -> c);
        try (slow) {
            String id = slow.cloud().launch(request(uid(), List.of("ecs.g7.large")));

            assertThat(slow.cloud().terminate(id)).isFalse();
            assertThat(slow.simulator().status(id)).isEqualTo("Pending");
            assertThat(slow.simulator().counters().calls("StopInstance")).isZero();
        }
    }

    @Test
    void aSecurityLockedInstanceIsDeletedByForce() throws Exception {
        String id = ecs.cloud().launch(request(uid(), List.of("ecs.g7.large")));
        await().atMost(WAIT).until(() -> ecs.simulator().status(id).equals("Running"));
        ecs.simulator().lock(id, "security");

        VmInstance locked = ecs.cloud().get(id).orElseThrow();
        assertThat(locked.locked()).isTrue();
        assertThat(locked.lockReason()).isEqualTo("security");
        assertThat(ecs.cloud().terminate(id)).isTrue();
        assertThat(ecs.simulator().status(id)).isNull();
    }

    @Test
    void theCatalogueListsTheZonesTypesWithStockAndFillsInPrices() throws Exception {
        ecs.simulator().setStock(EmbeddedEcs.ZONE_A, "ecs.r7.large", 0);

        List<InstanceTypeOffer> zoneA = ecs.cloud().instanceTypes(EmbeddedEcs.ZONE_A);
        List<InstanceTypeOffer> zoneB = ecs.cloud().instanceTypes(EmbeddedEcs.ZONE_B);

        assertThat(zoneA)
                .extracting(InstanceTypeOffer::id)
                .contains("ecs.g7.large", "ecs.c7.8xlarge")
                .doesNotContain("ecs.r7.large", "ecs.gn6i-c4g1.xlarge");
        assertThat(zoneB).extracting(InstanceTypeOffer::id).contains("ecs.r7.large", "ecs.gn6i-c4g1.xlarge");
        InstanceTypeOffer gpu = zoneB.stream()
                .filter(t -> t.id().equals("ecs.gn6i-c4g1.xlarge"))
                .findFirst()
                .orElseThrow();
        assertThat(gpu.gpu()).isEqualTo(1);
        assertThat(gpu.gpuSpec()).isEqualTo("NVIDIA T4");
        InstanceTypeOffer g7 = zoneA.stream()
                .filter(t -> t.id().equals("ecs.g7.large"))
                .findFirst()
                .orElseThrow();
        assertThat(g7.cpu()).isEqualTo(2);
        assertThat(g7.memoryGiB()).isEqualTo(8);
        assertThat(g7.family()).isEqualTo("ecs.g7");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(ecs.cloud().instanceTypes(EmbeddedEcs.ZONE_A))
                        .allSatisfy(t -> assertThat(t.pricePerHour()).isNotNull()));
        List<InstanceTypeOffer> priced = ecs.cloud().instanceTypes(EmbeddedEcs.ZONE_A);
        double c7 = priced.stream()
                .filter(t -> t.id().equals("ecs.c7.large"))
                .findFirst()
                .orElseThrow()
                .pricePerHour();
        double g7Price = priced.stream()
                .filter(t -> t.id().equals("ecs.g7.large"))
                .findFirst()
                .orElseThrow()
                .pricePerHour();
        assertThat(c7).as("less memory, lower price").isLessThan(g7Price).isPositive();
        assertThat(callsOf("DescribeInstanceTypes"))
                .as("the type list is cached")
                .isEqualTo(1);
    }

    @Test
    void pingAnswersAndWrongCredentialsArePermanent() throws Exception {
        ecs.cloud().ping();
        assertThat(callsOf("DescribeRegions")).isEqualTo(1);

        try (AlibabaEcsCloud wrong = new AlibabaEcsCloud(ecs.cloud().settings().toBuilder()
                .accessKey("stranger", "not-the-secret")
                .build())) {
            assertThatThrownBy(wrong::ping).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.failureClass()).isEqualTo(FailureClass.PERMANENT);
                assertThat(e.code()).isEqualTo("InvalidAccessKeyId.NotFound");
                assertThat(e.getMessage()).doesNotContain("not-the-secret");
            });
        }
        try (AlibabaEcsCloud badSecret = new AlibabaEcsCloud(ecs.cloud().settings().toBuilder()
                .accessKey(EcsSimulatorSettings.DEFAULT_ACCESS_KEY_ID, "not-the-secret")
                .build())) {
            assertThatThrownBy(badSecret::ping).isInstanceOfSatisfying(ProviderException.class, e -> {
                assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
                assertThat(e.getMessage()).doesNotContain("not-the-secret");
            });
        }
    }

    @Test
    void withoutAnEndpointTheSdkPicksTheRegionsOwn() {
        try (AlibabaEcsCloud real = new AlibabaEcsCloud(AlibabaEcsSettings.builder("cn-beijing")
                .accessKey("id", "secret")
                .build())) {
            assertThat(real.endpoint()).isEqualTo("ecs.cn-beijing.aliyuncs.com");
            assertThat(real.settings().toString()).doesNotContain("secret");
        }
    }

    /** The same calls with the V1 (HMAC-SHA1) signature. */
    @Nested
    class SignatureV1 {
        @Test
        void launchDescribeAndTerminateWork() throws Exception {
            try (AlibabaEcsCloud v1 = new AlibabaEcsCloud(
                    ecs.cloud().settings().toBuilder().signatureVersion("v1").build())) {
                String id = v1.launch(request(uid(), List.of("ecs.g7.large")));
                await().atMost(WAIT).until(() -> v1.get(id).orElseThrow().state() == VmInstance.State.RUNNING);
                assertThat(v1.listByTags(Map.of("ecivk.dev/node", "vk-ecs")))
                        .extracting(VmInstance::id)
                        .contains(id);
                await().atMost(WAIT).pollInterval(20, TimeUnit.MILLISECONDS).until(() -> v1.terminate(id));
                assertThat(ecs.simulator().status(id)).isNull();
            }
        }
    }

    private static com.aliyun.ecs20140526.Client rawClient() throws Exception {
        return new com.aliyun.ecs20140526.Client(new Config()
                .setEndpoint(ecs.endpoint())
                .setProtocol("HTTP")
                .setRegionId(EmbeddedEcs.REGION)
                .setAccessKeyId(EcsSimulatorSettings.DEFAULT_ACCESS_KEY_ID)
                .setAccessKeySecret(EcsSimulatorSettings.DEFAULT_ACCESS_KEY_SECRET));
    }
}
