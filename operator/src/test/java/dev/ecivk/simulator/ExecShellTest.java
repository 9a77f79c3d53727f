package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.kubelet.RestartBackOff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ExecShellTest {

    static ExecShell shell() {
        Map<String, String> p = new TreeMap<>();
        p.put("RegionId", "cn-hangzhou");
        p.put("ContainerGroupName", "web");
        p.put("HostName", "web-0");
        p.put("Container.1.Name", "c");
        p.put("Container.1.Image", "busybox");
        p.put("Container.1.EnvironmentVar.1.Key", "MODE");
        p.put("Container.1.EnvironmentVar.1.Value", "prod");
        p.put("Container.1.EnvironmentVar.2.Key", "POD_IP");
        p.put("Container.1.EnvironmentVar.2.FieldRef.FieldPath", "status.podIP");
        p.put("Volume.1.Name", "cfg");
        p.put("Volume.1.Type", "ConfigFileVolume");
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Path", "conf/a.conf");
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.1.Content", b64("a=1\n"));
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.2.Path", "b.conf");
        p.put("Volume.1.ConfigFileVolume.ConfigFileToPath.2.Content", b64("b=2\n"));
        p.put("Container.1.VolumeMount.1.Name", "cfg");
        p.put("Container.1.VolumeMount.1.MountPath", "/etc/app/");
        p.put("Container.1.VolumeMount.2.Name", "cfg");
        p.put("Container.1.VolumeMount.2.MountPath", "/etc/b.conf");
        p.put("Container.1.VolumeMount.2.SubPath", "b.conf");
        SimGroup g = new SimGroup(
                "eci-1",
                1,
                p,
                "zone-a",
                "vsw-a",
                "10.1.0.9",
                Instant.EPOCH,
                Duration.ZERO,
                RestartBackOff.Policy.KUBELET);
        return ExecShell.of(g, g.containers().get(0));
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void builtins() {
        ExecShell sh = shell();
        assertThat(sh.run(List.of("hostname")).stdout()).isEqualTo("web-0\n");
        assertThat(sh.run(List.of("printenv", "POD_IP")).stdout()).isEqualTo("10.1.0.9\n");
        assertThat(sh.run(List.of("env")).stdout()).contains("MODE=prod\n").contains("HOSTNAME=web-0\n");
        assertThat(sh.run(List.of("cat", "/etc/app/conf/a.conf")).stdout()).isEqualTo("a=1\n");
        assertThat(sh.run(List.of("cat", "/etc/b.conf")).stdout()).isEqualTo("b=2\n");
        assertThat(sh.run(List.of("ls", "/etc/app")).stdout()).isEqualTo("b.conf\nconf\n");
        ExecShell.Result missing = sh.run(List.of("cat", "/nope"));
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.stderr()).contains("/nope");
        assertThat(sh.run(List.of("ls", "/nope")).status()).isEqualTo(2);
        ExecShell.Result unknown = sh.run(List.of("curl", "x"));
        assertThat(unknown.status()).isEqualTo(127);
        assertThat(unknown.stderr()).contains("curl");
        ExecShell.Result script = sh.run(List.of("/bin/sh", "-c", "echo $MODE-${POD_IP}; false || exit 9; echo no"));
        assertThat(script.stdout()).isEqualTo("prod-10.1.0.9\n");
        assertThat(script.status()).isEqualTo(9);
        assertThat(script.exit()).isTrue();
    }
}
