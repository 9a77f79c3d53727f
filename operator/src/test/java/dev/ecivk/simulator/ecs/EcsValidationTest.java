package dev.ecivk.simulator.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.simulator.EciApiException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RunInstances' rules: each row changes one parameter of a valid request and expects ECS's code and status. */
class EcsValidationTest {
    private static final EcsSimulatorSettings SETTINGS = EcsSimulatorSettings.defaults();
    private static final InstanceTypeCatalogue CATALOGUE = new InstanceTypeCatalogue(List.copyOf(SETTINGS.zones()));

    static Map<String, String> valid() {
        Map<String, String> p = new HashMap<>();
        p.put("RegionId", "cn-hangzhou");
        p.put("ImageId", EcsSimulatorSettings.DEFAULT_IMAGE);
        p.put("InstanceType", "ecs.g7.large");
        p.put("SecurityGroupId", EcsSimulatorSettings.DEFAULT_SECURITY_GROUP);
        p.put("VSwitchId", "vsw-sim-a");
        p.put("ZoneId", "cn-hangzhou-a");
        p.put("InstanceName", "web-1");
        p.put("HostName", "web-1.default");
        p.put("ClientToken", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
        p.put("Amount", "1");
        p.put("UserData", Base64.getEncoder().encodeToString("#cloud-config\n".getBytes()));
        p.put("Tag.1.Key", "ecivk.dev/uid");
        p.put("Tag.1.Value", "0f1e2d3c");
        p.put("SystemDisk.Size", "40");
        return p;
    }

    @Test
    void aValidRequestLaunchesWhatItAsks() {
        List<EcsInstance.Launch> launches = EcsValidation.runInstances(valid(), SETTINGS, CATALOGUE);

        assertThat(launches).hasSize(1);
        EcsInstance.Launch l = launches.get(0);
        assertThat(l.type().id()).isEqualTo("ecs.g7.large");
        assertThat(l.zoneId()).isEqualTo("cn-hangzhou-a");
        assertThat(l.tags()).containsExactly(Map.entry("ecivk.dev/uid", "0f1e2d3c"));
        assertThat(l.systemDiskGiB()).isEqualTo(40);
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                row("RegionId", null, 400, "MissingParameter"),
                row("RegionId", "cn-beijing", 404, "InvalidRegionId.NotFound"),
                row("ImageId", null, 400, "MissingParameter"),
                row("ImageId", "m-unknown", 404, "InvalidImageId.NotFound"),
                row("InstanceType", null, 400, "MissingParameter"),
                row("InstanceType", "ecs.unknown.large", 400, "InvalidInstanceType.ValueNotSupported"),
                row("SecurityGroupId", null, 400, "MissingParameter"),
                row("SecurityGroupId", "sg-unknown", 404, "InvalidSecurityGroupId.NotFound"),
                row("VSwitchId", null, 400, "InvalidVSwitchId.Necessary"),
                row("VSwitchId", "vsw-unknown", 404, "InvalidVSwitchId.NotFound"),
                row("ZoneId", "cn-hangzhou-b", 400, "InvalidParameter.Mismatch"),
                row("Amount", "0", 400, "InvalidParameter.Amount"),
                row("Amount", "101", 400, "InvalidParameter.Amount"),
                row("ClientToken", "x".repeat(65), 400, "InvalidClientToken.ValueNotSupported"),
                row("ClientToken", "tökén", 400, "InvalidClientToken.ValueNotSupported"),
                row("InstanceName", "a", 400, "InvalidInstanceName.Malformed"),
                row("InstanceName", "1web", 400, "InvalidInstanceName.Malformed"),
                row("InstanceName", "w".repeat(129), 400, "InvalidInstanceName.Malformed"),
                row("HostName", "-web", 400, "InvalidHostName.Malformed"),
                row("HostName", "web..a", 400, "InvalidHostName.Malformed"),
                row("HostName", "h".repeat(65), 400, "InvalidHostName.Malformed"),
                row("Description", "https://x", 400, "InvalidDescription.Malformed"),
                row("UserData", "not base64!", 403, "InvalidUserData.Base64FormatInvalid"),
                row(
                        "UserData",
                        Base64.getEncoder().encodeToString(new byte[32 * 1024 + 1]),
                        400,
                        "InvalidUserData.SizeExceeded"),
                row("Tag.1.Key", "aliyun:x", 400, "InvalidTagKey.Malformed"),
                row("Tag.1.Key", "acs:x", 400, "InvalidTagKey.Malformed"),
                row("Tag.1.Key", "k".repeat(129), 400, "InvalidTagKey.Malformed"),
                row("Tag.1.Value", "https://x", 400, "InvalidTagValue.Malformed"),
                row("Tag.1.Value", "v".repeat(129), 400, "InvalidTagValue.Malformed"),
                row("InstanceChargeType", "Weekly", 400, "InvalidInstanceChargeType.ValueNotSupported"),
                row("SpotStrategy", "Cheap", 400, "InvalidSpotStrategy"),
                row("SpotPriceLimit", "0.5", 400, "InvalidSpotPriceLimit.Conflict"),
                row("InternetMaxBandwidthOut", "101", 400, "InvalidInternetMaxBandwidthOut.ValueNotSupported"),
                row("SystemDisk.Size", "19", 404, "InvalidSystemDiskSize.ValueNotSupported"),
                row("SystemDisk.Size", "2049", 404, "InvalidSystemDiskSize.ValueNotSupported"),
                row("SystemDisk.Category", "floppy", 400, "InvalidSystemDiskCategory.ValueNotSupported"));
    }

    private static Arguments row(String key, String value, int status, String code) {
        return Arguments.of(key, value, status, code);
    }

    @ParameterizedTest(name = "{0}={1} → {2} {3}")
    @MethodSource("violations")
    void answersTheFirstViolationWithEcsCode(String key, String value, int status, String code) {
        Map<String, String> p = valid();
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }

        assertThatThrownBy(() -> EcsValidation.runInstances(p, SETTINGS, CATALOGUE))
                .isInstanceOfSatisfying(EciApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.httpStatus()).isEqualTo(status);
                });
    }

    @Test
    void tagsAreLimitedToTwentyWithUniqueKeys() {
        Map<String, String> p = valid();
        for (int i = 1; i <= 21; i++) {
            p.put("Tag." + i + ".Key", "k" + i);
        }
        assertThatThrownBy(() -> EcsValidation.runInstances(p, SETTINGS, CATALOGUE))
                .isInstanceOfSatisfying(
                        EciApiException.class, e -> assertThat(e.code()).isEqualTo("QuotaExceed.Tags"));

        Map<String, String> dup = valid();
        dup.put("Tag.2.Key", "ecivk.dev/uid");
        assertThatThrownBy(() -> EcsValidation.runInstances(dup, SETTINGS, CATALOGUE))
                .isInstanceOfSatisfying(
                        EciApiException.class, e -> assertThat(e.code()).isEqualTo("Duplicate.TagKey"));
    }

    @Test
    void userDataOfExactlyTheLimitPasses() {
        Map<String, String> p = valid();
        p.put("UserData", Base64.getEncoder().encodeToString(new byte[32 * 1024]));

        assertThat(EcsValidation.runInstances(p, SETTINGS, CATALOGUE)).hasSize(1);
    }
}
