package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EciValidationTest {

    static Map<String, String> valid() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("RegionId", "cn-hangzhou");
        p.put("ContainerGroupName", "web-1");
        p.put("SecurityGroupId", "sg-1");
        p.put("VSwitchId", "vsw-1");
        p.put("Container.1.Name", "web");
        p.put("Container.1.Image", "nginx");
        p.put("Container.1.EnvironmentVar.1.Key", "_OK_1");
        p.put("Container.1.EnvironmentVar.1.Value", "x");
        p.put("Volume.1.Name", "data");
        p.put("Volume.1.Type", "EmptyDirVolume");
        p.put("Container.1.VolumeMount.1.Name", "data");
        p.put("Container.1.VolumeMount.1.MountPath", "/data");
        p.put("Container.1.ReadinessProbe.HttpGet.Port", "80");
        return p;
    }

    static String firstCode(Map<String, String> p) {
        var violations = EciValidation.validateCreate(p);
        assertThat(violations).isNotEmpty();
        return violations.get(0).code();
    }

    @Test
    void aValidRequestPasses() {
        assertThat(EciValidation.validateCreate(valid())).isEmpty();
    }

    @Test
    void limitsAndRulesUseEciCodes() {
        Map<String, String> p = valid();
        p.remove("VSwitchId");
        assertThat(firstCode(p)).isEqualTo("MissingParameter");

        p = valid();
        p.put("Container.1.EnvironmentVar.1.Key", "1BAD");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter");

        p = valid();
        p.put("Container.1.EnvironmentVar.1.Value", "v".repeat(257));
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.ValueExceeded");

        p = valid();
        for (int i = 1; i <= 21; i++) {
            p.put("Container.1.Command." + i, "x");
        }
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.LengthExceeded");

        p = valid();
        p.put("Container.1.Arg.1", "a");
        for (int i = 1; i <= 11; i++) {
            p.put("Container.1.Arg." + i, "a");
        }
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.LengthExceeded");

        p = valid();
        p.put("Container.1.ReadinessProbe.TcpSocket.Port", "80");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter");

        p = valid();
        p.put("Container.1.Port.1.Port", "70000");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.ValueExceeded");

        p = valid();
        p.put("Container.1.SecurityContext.ReadOnlyRootFilesystem", "false");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter");

        p = valid();
        p.put("ClientToken", "t".repeat(65));
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.ValueExceeded");

        p = valid();
        for (int i = 1; i <= 21; i++) {
            p.put("Volume." + i + ".Name", "v" + i);
            p.put("Volume." + i + ".Type", "EmptyDirVolume");
        }
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.LengthExceeded");

        p = valid();
        p.put("Volume.2.Name", "cfg");
        p.put("Volume.2.Type", "ConfigFileVolume");
        p.put("Volume.2.ConfigFileVolume.ConfigFileToPath.1.Path", "big");
        p.put("Volume.2.ConfigFileVolume.ConfigFileToPath.1.Content", "x".repeat(48 * 1024));
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.ValueExceeded");

        p = valid();
        p.put("InitContainer.1.Name", "web");
        p.put("InitContainer.1.Image", "busybox");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter.DuplicatedName");

        p = valid();
        p.put("Cpu", "abc");
        assertThat(firstCode(p)).isEqualTo("InvalidParameter");
    }
}
