package dev.ecivk.agent.runtime;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.VolumeSpec;
import dev.ecivk.provider.model.VolumeSpec.ConfigFile;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PodVolumesTest {

    private static ContainerGroupSpec spec(ContainerSpec c, VolumeSpec... volumes) {
        return pod("web", "Always", 30, List.of(), List.of(c))
                .volumes(List.of(volumes))
                .build();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aContainerSeesConfigFilesUnderItsMountsAndThroughSubPaths() {
        ContainerSpec c = container("app", "nginx")
                .mount("cfg", "/etc/app/", true, null)
                .mount("cfg", "/etc/nginx/nginx.conf", true, "conf/nginx.conf")
                .build();
        ContainerGroupSpec spec = spec(
                c,
                VolumeSpec.configFile(
                        "cfg",
                        0600,
                        List.of(
                                new ConfigFile("a.yaml", b64("a"), null),
                                new ConfigFile("conf/nginx.conf", b64("n"), 0644))));

        var files = PodVolumes.configFilesSeenBy(spec, c);
        assertThat(files).containsOnlyKeys("/etc/app/a.yaml", "/etc/app/conf/nginx.conf", "/etc/nginx/nginx.conf");
        assertThat(new String(files.get("/etc/nginx/nginx.conf").content(), StandardCharsets.UTF_8))
                .isEqualTo("n");
        assertThat(files.get("/etc/app/a.yaml").mode()).isEqualTo(0600);
        assertThat(files.get("/etc/nginx/nginx.conf").mode()).isEqualTo(0644);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "a//b", "./a"})
    void pathsThatCouldLeaveTheVolumeAreRefused(String path) {
        assertThatThrownBy(() -> PodVolumes.check(spec(
                        container("app", "nginx").build(),
                        VolumeSpec.configFile("cfg", null, List.of(new ConfigFile(path, b64("x"), null))))))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("volume \"cfg\" file \"" + path + "\"");
    }

    @Test
    void mountsMustNameAVolumeOfThePodAndAnAbsolutePath() {
        assertThatThrownBy(() -> PodVolumes.check(spec(container("app", "nginx")
                        .mount("nope", "/x", false, null)
                        .build())))
                .hasMessage("container \"app\" mounts volume \"nope\", which the Pod lacks");
        assertThatThrownBy(() -> PodVolumes.check(spec(
                        container("app", "nginx")
                                .mount("v", "relative", false, null)
                                .build(),
                        VolumeSpec.emptyDir("v", null, null))))
                .hasMessage("container \"app\": mount path \"relative\" is not absolute");
        assertThatThrownBy(() -> PodVolumes.check(spec(
                        container("app", "nginx")
                                .mount("v", "/v", false, "../up")
                                .build(),
                        VolumeSpec.emptyDir("v", null, null))))
                .hasMessageContaining("subPath \"../up\" must not contain");
    }

    @Test
    void cloudDisksAndFlexVolumesAreNotAVmsToGive() {
        assertThatThrownBy(() -> PodVolumes.check(
                        spec(container("app", "nginx").build(), VolumeSpec.flex("f", "alicloud/nas", "nfs", null))))
                .extracting(e -> ((RuntimeFailure) e).reason())
                .isEqualTo("CreateContainerConfigError");
    }

    @Test
    void nfsNeedsServerAndPathAndOtherwisePasses() throws RuntimeFailure {
        assertThatThrownBy(() ->
                        PodVolumes.check(spec(container("app", "nginx").build(), VolumeSpec.nfs("n", "", "/x", false))))
                .hasMessage("volume \"n\": NFS needs a server and a path");
        PodVolumes.check(spec(
                container("app", "nginx").mount("n", "/n", false, null).build(),
                VolumeSpec.nfs("n", "10.0.0.9", "/exports", false)));
    }
}
