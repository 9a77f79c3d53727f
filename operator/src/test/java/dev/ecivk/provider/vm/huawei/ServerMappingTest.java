package dev.ecivk.provider.vm.huawei;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.ecs.v2.model.Flavor;
import com.huaweicloud.sdk.ecs.v2.model.FlavorExtraSpec;
import com.huaweicloud.sdk.ecs.v2.model.ServerAddress;
import com.huaweicloud.sdk.ecs.v2.model.ServerDetail;
import com.huaweicloud.sdk.ecs.v2.model.ServerFlavor;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.provider.vm.VmInstance.State;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Server states, faults, locks, addresses and tags; flavors; the tag codec. */
class ServerMappingTest {

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "BUILD, scheduling, PENDING",
        "BUILD, , PENDING",
        "BUILD, spawning, STARTING",
        "ACTIVE, , RUNNING",
        "ACTIVE, rebooting, STARTING",
        "ACTIVE, deleting, STOPPING",
        "ACTIVE, powering-off, STOPPING",
        "REBOOT, , STARTING",
        "HARD_REBOOT, , STARTING",
        "REBUILD, , STARTING",
        "MIGRATING, , RUNNING",
        "RESIZE, , RUNNING",
        "VERIFY_RESIZE, , RUNNING",
        "REVERT_RESIZE, , RUNNING",
        "SHUTOFF, , STOPPED",
        "SHUTOFF, powering-on, STARTING",
        "SHUTOFF, deleting, STOPPING",
        "SHELVED, , STOPPED",
        "SHELVED_OFFLOADED, , STOPPED",
        "PAUSED, , STOPPED",
        "SUSPENDED, , STOPPED",
        "ERROR, , ERROR",
        "ERROR, deleting, STOPPING",
        "UNKNOWN, , ERROR",
        "DELETED, , DELETED",
        "SOFT_DELETED, , DELETED",
    })
    void statesMapByStatusAndTask(String status, String task, State expected) {
        assertThat(ServerMapping.state(status, task)).isEqualTo(expected);
    }

    private static ServerDetail server() {
        ServerAddress floating = new ServerAddress()
                .withVersion("4")
                .withAddr("100.64.0.9")
                .withOsEXTIPSType(ServerAddress.OsEXTIPSTypeEnum.FLOATING);
        ServerAddress secondary = new ServerAddress()
                .withVersion("4")
                .withAddr("192.168.0.7")
                .withPrimary(false)
                .withOsEXTIPSType(ServerAddress.OsEXTIPSTypeEnum.FIXED);
        ServerAddress primary = new ServerAddress()
                .withVersion("4")
                .withAddr("192.168.0.5")
                .withPrimary(true)
                .withOsEXTIPSType(ServerAddress.OsEXTIPSTypeEnum.FIXED);
        Map<String, List<ServerAddress>> addresses = new LinkedHashMap<>();
        addresses.put("vpc-1", List.of(floating, secondary, primary));
        return new ServerDetail()
                .withId("s-1")
                .withName("default.web-0")
                .withStatus("ERROR")
                .withCreated("2026-12-04T10:00:00Z")
                .withFlavor(new ServerFlavor().withId("s6.large.2"))
                .withOsEXTAZAvailabilityZone("cn-north-4a")
                .withAddresses(addresses)
                .withTags(List.of("ecivk-uid=1234", "ecivk-name=web-0", "owner=team-a", "baremetal"))
                .withMetadata(Map.of("EcmResStatus", "normal"))
                .withFault(Map.of("code", 500, "message", "No valid host was found."));
    }

    @Test
    void aServerDetailBecomesAnInstanceWithItsPrimaryFixedAddressTagsAndFault() {
        VmInstance vm = ServerMapping.toInstance(server());
        assertThat(vm.state()).isEqualTo(State.ERROR);
        assertThat(vm.cloudState()).isEqualTo("ERROR");
        assertThat(vm.privateIp()).isEqualTo("192.168.0.5");
        assertThat(vm.instanceType()).isEqualTo("s6.large.2");
        assertThat(vm.creationTime()).hasToString("2026-12-04T10:00:00Z");
        assertThat(vm.tags())
                .containsEntry("ecivk.dev/uid", "1234")
                .containsEntry("ecivk.dev/name", "web-0")
                .containsEntry("owner", "team-a")
                .containsEntry("baremetal", "");
        assertThat(vm.locked()).isFalse();
        assertThat(vm.lockReason()).isEqualTo("500: No valid host was found.");
    }

    @Test
    void aLockedOrFrozenServerIsLocked() {
        VmInstance locked =
                ServerMapping.toInstance(server().withStatus("ACTIVE").withLocked(true));
        assertThat(locked.locked()).isTrue();
        assertThat(locked.lockReason()).isEqualTo("locked");
        VmInstance frozen =
                ServerMapping.toInstance(server().withStatus("ACTIVE").withMetadata(Map.of("EcmResStatus", "freeze")));
        assertThat(frozen.locked()).isTrue();
        assertThat(frozen.lockReason()).contains("freeze");
    }

    @Test
    void flavorsAreSellableByTheirZoneStatusElseTheRegionStatus() {
        Flavor f = new Flavor()
                .withId("c7.large.2")
                .withVcpus("2")
                .withRam(4096)
                .withOsExtraSpecs(new FlavorExtraSpec()
                        .withCondOperationStatus("normal")
                        .withCondOperationAz("cn-north-4a(sellout), cn-north-4b(normal)"));
        assertThat(FlavorCatalogue.sellable(f, "cn-north-4a")).isFalse();
        assertThat(FlavorCatalogue.sellable(f, "cn-north-4b")).isTrue();
        assertThat(FlavorCatalogue.sellable(f, "cn-north-4c")).isTrue();
        f.getOsExtraSpecs().setCondOperationStatus("abandon");
        assertThat(FlavorCatalogue.sellable(f, "cn-north-4c")).isFalse();
        assertThat(FlavorCatalogue.sellable(f.withOsFLVDISABLEDDisabled(true), "cn-north-4b"))
                .isFalse();
    }

    @Test
    void gpuFlavorsCountEveryAliasedDevice() {
        Flavor f = new Flavor()
                .withId("p2s.4xlarge.8")
                .withVcpus("16")
                .withRam(131072)
                .withOsExtraSpecs(new FlavorExtraSpec().withPciPassthroughAlias("nvidia-v100-32g:2"));
        assertThat(FlavorCatalogue.offer(f)).satisfies(o -> {
            assertThat(o.family()).isEqualTo("p2s");
            assertThat(o.cpu()).isEqualTo(16.0);
            assertThat(o.memoryGiB()).isEqualTo(128.0);
            assertThat(o.gpu()).isEqualTo(2);
            assertThat(o.gpuSpec()).isEqualTo("nvidia-v100-32g");
        });
    }

    @Test
    void tagsFitHuaweisLimitsAndOurKeysComeBack() {
        assertThat(ServerTags.encodeKey("ecivk.dev/namespace")).isEqualTo("ecivk-namespace");
        assertThat(ServerTags.decodeKey("ecivk-namespace")).isEqualTo("ecivk.dev/namespace");
        assertThat(ServerTags.encodeValue("3f1c2d4e-0000-4000-8000-123456789abc"))
                .isEqualTo("3f1c2d4e-0000-4000-8000-123456789abc");
        String longName = "a-very-long-pod-name-generated-by-a-job-controller-0123456789";
        String encoded = ServerTags.encodeValue(longName);
        assertThat(encoded).hasSize(ServerTags.MAX_VALUE).startsWith("a-very-long-pod-name");
        assertThat(ServerTags.encodeValue(longName)).as("stable").isEqualTo(encoded);
        assertThat(ServerTags.encodeValue(longName + "x")).isNotEqualTo(encoded);
        assertThat(ServerTags.encodeValue("team/a b")).matches("team-a-b-[0-9a-f]{8}");
        assertThat(ServerTags.encodeValue("team-a-b")).isEqualTo("team-a-b");
        assertThat(ServerTags.encodeKey("example.com/some-very-long-label-key-name"))
                .hasSizeLessThanOrEqualTo(ServerTags.MAX_KEY)
                .matches("[A-Za-z0-9_-]+");
        assertThat(ServerTags.filter("ecivk.dev/uid", "u-1")).isEqualTo("ecivk-uid=u-1");
    }
}
