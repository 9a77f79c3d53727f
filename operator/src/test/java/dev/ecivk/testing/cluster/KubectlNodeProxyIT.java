package dev.ecivk.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real kubectl against a {@link RealisticCluster}'s front door: the node proxy picks the kubelet address by the
 * preferred types, so a Node advertising an unresolvable Hostname fails as on a real cluster. Skipped where no kubectl
 * is installed.
 */
class KubectlNodeProxyIT {
    @TempDir
    Path dir;

    @Test
    void kubectlMeetsTheSameAddressRulesAsTheApiserversProxy() throws Exception {
        Assumptions.assumeTrue(kubectlOnPath(), "kubectl is not installed: skipping the real-client check");
        String host = "vk-" + UUID.randomUUID().toString().substring(0, 8) + ".invalid";
        try (TestKubelet kubelet = new TestKubelet();
                RealisticCluster cluster = RealisticCluster.builder()
                        .allowLoopbackKubelet(true)
                        .build()
                        .start()) {
            kubelet.register(cluster, "reachable", "InternalIP", "127.0.0.1");
            kubelet.register(cluster, "named", "Hostname", host, "InternalIP", "127.0.0.1");
            Path kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

            String ok = kubectl(kubeconfig, "get", "--raw", "/api/v1/nodes/reachable/proxy/healthz");
            String failed = kubectl(kubeconfig, "get", "--raw", "/api/v1/nodes/named/proxy/healthz");

            assertThat(ok).isEqualTo("ok");
            assertThat(failed).contains("dial tcp: lookup " + host + ": no such host");
        }
    }

    private static String kubectl(Path kubeconfig, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output.trim();
    }

    private static boolean kubectlOnPath() {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(File.pathSeparator)).stream()
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    }
}
