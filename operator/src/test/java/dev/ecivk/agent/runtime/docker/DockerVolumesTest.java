package dev.ecivk.agent.runtime.docker;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.DnsConfig;
import dev.ecivk.provider.model.ContainerSpec;
import dev.ecivk.provider.model.VolumeSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DockerVolumesTest {
    private static final PodDirectory DIR = new PodDirectory(Path.of("/var/lib/ecivk/pods/web"));

    private static ContainerGroupSpec spec(ContainerSpec c, VolumeSpec... volumes) {
        return pod("web", "Always", 30, List.of(), List.of(c))
                .volumes(List.of(volumes))
                .dnsConfig(new DnsConfig(List.of("10.96.0.10"), List.of("default.svc.cluster.local"), null))
                .build();
    }

    private static String describe(Mount m) {
        return m.getType() + " " + m.getSource() + " -> " + m.getTarget()
                + (Boolean.TRUE.equals(m.getReadOnly()) ? " ro" : "");
    }

    @Test
    void eachKindOfVolumeIsMountedItsWay() throws RuntimeFailure {
        ContainerSpec c = container("app", "nginx")
                .mount("cache", "/cache", false, null)
                .mount("shm", "/dev/shm", false, null)
                .mount("cfg", "/etc/app", false, null)
                .mount("cfg", "/etc/nginx/nginx.conf", false, "nginx.conf")
                .mount("share", "/share", true, null)
                .terminationMessage("/tmp/msg", null)
                .build();
        ContainerGroupSpec spec = spec(
                c,
                VolumeSpec.emptyDir("cache", null, null),
                VolumeSpec.emptyDir("shm", "Memory", "64Mi"),
                VolumeSpec.configFile("cfg", null, List.of()),
                VolumeSpec.nfs("share", "10.0.0.9", "/exports/a", false));

        List<String> mounts =
                DockerVolumes.mounts(spec, c, DIR, "/var/lib/ecivk/pods/web/containers/app/0-termination-log").stream()
                        .map(DockerVolumesTest::describe)
                        .toList();

        assertThat(mounts)
                .containsExactly(
                        "BIND /var/lib/ecivk/pods/web/volumes/cache -> /cache",
                        "VOLUME ecivk_web_shm -> /dev/shm",
                        "BIND /var/lib/ecivk/pods/web/volumes/cfg -> /etc/app ro",
                        "BIND /var/lib/ecivk/pods/web/volumes/cfg/nginx.conf -> /etc/nginx/nginx.conf ro",
                        "VOLUME ecivk_web_share -> /share ro",
                        "BIND /var/lib/ecivk/pods/web/etc/hosts -> /etc/hosts",
                        "BIND /var/lib/ecivk/pods/web/etc/resolv.conf -> /etc/resolv.conf",
                        "BIND /var/lib/ecivk/pods/web/containers/app/0-termination-log -> /tmp/msg");
        assertThat(DockerVolumes.mounts(spec, c, DIR, "/x").get(0).getType()).isEqualTo(MountType.BIND);
    }

    @Test
    void memoryEmptyDirsAndNfsSharesAreLocalDriverVolumesOfThePod() throws RuntimeFailure {
        ContainerGroupSpec spec = spec(
                container("app", "nginx").build(),
                VolumeSpec.emptyDir("shm", "Memory", "64Mi"),
                VolumeSpec.emptyDir("plain", null, null),
                VolumeSpec.nfs("share", "10.0.0.9", "/exports/a", true));

        assertThat(DockerVolumes.namedVolumes(spec))
                .containsExactly(
                        new DockerVolumes.NamedVolume(
                                "ecivk_web_shm", Map.of("type", "tmpfs", "device", "tmpfs", "o", "size=67108864")),
                        new DockerVolumes.NamedVolume(
                                "ecivk_web_share",
                                Map.of("type", "nfs", "o", "addr=10.0.0.9,ro", "device", ":/exports/a")));
    }

    @Test
    void aSubPathOfASharedNamedVolumeIsRefusedWithTheReason() {
        ContainerSpec c =
                container("app", "nginx").mount("share", "/share", false, "sub").build();
        ContainerGroupSpec spec = spec(c, VolumeSpec.nfs("share", "10.0.0.9", "/exports/a", false));
        assertThatThrownBy(() -> DockerVolumes.mounts(spec, c, DIR, "/x"))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("subPath on volume \"share\" is not supported");
    }

    @Test
    void quantitiesBecomeBytes() throws RuntimeFailure {
        assertThat(DockerVolumes.bytes("1Gi", "v")).isEqualTo(1_073_741_824L);
        assertThat(DockerVolumes.bytes("1.5Mi", "v")).isEqualTo(1_572_864L);
        assertThat(DockerVolumes.bytes("500M", "v")).isEqualTo(500_000_000L);
        assertThat(DockerVolumes.bytes("4096", "v")).isEqualTo(4096L);
        assertThat(DockerVolumes.bytes(null, "v")).isNull();
        assertThatThrownBy(() -> DockerVolumes.bytes("lots", "v"))
                .hasMessage("volume \"v\": sizeLimit \"lots\" is not a quantity");
    }
}
