package dev.ecivk.agent.runtime.docker;

import static dev.ecivk.agent.runtime.ContainerBuilder.container;
import static dev.ecivk.agent.runtime.ContainerBuilder.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecivk.agent.runtime.ContainerRuntime.RuntimeFailure;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupSpec.DnsConfig;
import dev.ecivk.provider.model.ContainerGroupSpec.HostAlias;
import dev.ecivk.provider.model.NameValue;
import dev.ecivk.provider.model.VolumeSpec;
import dev.ecivk.provider.model.VolumeSpec.ConfigFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodDirectoryTest {
    @TempDir
    Path root;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private ContainerGroupSpec.Builder spec(VolumeSpec... volumes) {
        return pod(
                        "web",
                        "Always",
                        30,
                        List.of(),
                        List.of(container("app", "nginx").build()))
                .volumes(List.of(volumes));
    }

    @Test
    void configFilesAreWrittenWithTheirModesAndEmptyDirsAreMade() throws Exception {
        PodDirectory dir = new PodDirectory(root.resolve("web"));
        dir.prepare(
                spec(
                                VolumeSpec.configFile(
                                        "cfg",
                                        0640,
                                        List.of(
                                                new ConfigFile("app.yaml", b64("port: 80\n"), null),
                                                new ConfigFile("keys/tls.key", b64("secret"), 0400))),
                                VolumeSpec.emptyDir("cache", null, null),
                                VolumeSpec.emptyDir("shm", "Memory", null))
                        .build(),
                "10.0.0.5");

        Path cfg = dir.volume("cfg");
        assertThat(Files.readString(cfg.resolve("app.yaml"))).isEqualTo("port: 80\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg.resolve("app.yaml"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg.resolve("keys/tls.key"))))
                .isEqualTo("r--------");
        assertThat(dir.volume("cache")).isDirectory();
        assertThat(dir.volume("shm"))
                .as("memory emptyDirs are Docker tmpfs volumes")
                .doesNotExist();
    }

    @Test
    void aConfigFilePathThatClimbsOutOfItsVolumeIsRefused() {
        PodDirectory dir = new PodDirectory(root.resolve("web"));
        assertThatThrownBy(() -> dir.prepare(
                        spec(VolumeSpec.configFile(
                                        "cfg", null, List.of(new ConfigFile("../../etc/passwd", b64("x"), null))))
                                .build(),
                        "10.0.0.5"))
                .isInstanceOf(RuntimeFailure.class)
                .hasMessageContaining("must not contain '..'");
        assertThat(root.resolve("etc/passwd")).doesNotExist();
    }

    @Test
    void hostsAndResolvConfFollowThePod() throws IOException, RuntimeFailure {
        PodDirectory dir = new PodDirectory(root.resolve("web"));
        dir.prepare(
                spec().hostName("web-0")
                        .hostAliases(List.of(new HostAlias("10.0.0.1", List.of("db", "db.local"))))
                        .dnsConfig(new DnsConfig(
                                List.of("10.96.0.10"),
                                List.of("ns.svc.cluster.local", "svc.cluster.local"),
                                List.of(new NameValue("ndots", "5"), new NameValue("edns0", null))))
                        .build(),
                "10.0.0.5");

        assertThat(Files.readString(dir.hostsFile()))
                .isEqualTo("# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n"
                        + "::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.5\tweb-0\n10.0.0.1\tdb\tdb.local\n");
        assertThat(Files.readString(dir.resolvConf()))
                .isEqualTo(
                        "nameserver 10.96.0.10\nsearch ns.svc.cluster.local svc.cluster.local\noptions ndots:5 edns0\n");
    }

    @Test
    void terminationLogsAreWritableAndReadBackCut() throws IOException {
        PodDirectory dir = new PodDirectory(root.resolve("web"));
        Path log = dir.createTerminationLog("app", 3);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(log)))
                .isEqualTo("rw-rw-rw-");
        Files.writeString(log, "x".repeat(5000));
        assertThat(dir.terminationMessage("app", 3)).hasSize(4096);
        assertThat(dir.terminationMessage("app", 4)).isEmpty();

        dir.delete();
        assertThat(root.resolve("web")).doesNotExist();
    }
}
