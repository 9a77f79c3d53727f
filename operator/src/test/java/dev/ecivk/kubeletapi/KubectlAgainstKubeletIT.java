package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ecivk.testing.cluster.RealisticCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Go clients against the kubelet API: kubectl (moby/spdystream for SPDY/3.1, gorilla/websocket for
 * v5.channel.k8s.io) through a {@link RealisticCluster}'s front door, which takes pod subresources to the Node's
 * kubelet as the apiserver's node proxy does (the Node's InternalIP and daemon endpoint port; loopback allowed here).
 * Skipped where no kubectl is installed.
 */
class KubectlAgainstKubeletIT {
    private static final String GROUP = "eci-kubectl";

    @TempDir
    Path dir;

    private KubeletFixture fixture;
    private RealisticCluster cluster;
    private Path kubeconfig;

    @BeforeEach
    void start() throws Exception {
        Assumptions.assumeTrue(kubectlOnPath(), "kubectl is not installed: skipping the real-client checks");
        fixture = KubeletFixture.anonymous();
        Pod web = KubeletFixture.pod("default", "web", GROUP, "app");
        fixture.pods.add(web);
        cluster = RealisticCluster.builder().allowLoopbackKubelet(true).build().start();
        cluster.client()
                .nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(KubeletFixture.NODE)
                        .endMetadata()
                        .withNewStatus()
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress("127.0.0.1")
                        .endAddress()
                        .withNewDaemonEndpoints()
                        .withNewKubeletEndpoint()
                        .withPort(fixture.server.port())
                        .endKubeletEndpoint()
                        .endDaemonEndpoints()
                        .endStatus()
                        .build())
                .create();
        cluster.client()
                .pods()
                .resource(new PodBuilder(web)
                        .editMetadata()
                        .withUid(null)
                        .endMetadata()
                        .withStatus(null)
                        .build())
                .create();
        cluster.client()
                .pods()
                .withName("web")
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(Map.of("status", web.getStatus())));
        kubeconfig = cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static boolean kubectlOnPath() {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(File.pathSeparator)).stream()
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl")));
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** A running kubectl whose output goes to files, so it can be read while it runs. */
    private record Kubectl(Process process, Path stdout, Path stderr) {
        String out() throws Exception {
            return Files.readString(stdout);
        }

        Result await() throws Exception {
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("kubectl finished")
                    .isTrue();
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        }
    }

    private Kubectl start(boolean websocket, String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("kubectl"));
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        Map<String, String> env = builder.environment();
        env.put("KUBECONFIG", kubeconfig.toString());
        env.put("KUBECTL_REMOTE_COMMAND_WEBSOCKETS", String.valueOf(websocket));
        Process process = builder.start();
        if (stdin != null) {
            process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        return new Kubectl(process, stdout, stderr);
    }

    private Result run(boolean websocket, String stdin, String... args) throws Exception {
        return start(websocket, stdin, args).await();
    }

    @Test
    void execOverSpdyRunsTheCommandAndReturnsItsExitCode() throws Exception {
        Result ok = run(false, null, "exec", "web", "-c", "app", "--", "echo", "hello", "spdy");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).isEqualTo("hello spdy\n");
        Result failed = run(false, null, "exec", "web", "-c", "app", "--", "fail", "3");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stderr()).contains("boom").contains("command terminated with exit code 3");
    }

    @Test
    void execOverWebSocketRunsTheCommandAndReturnsItsExitCode() throws Exception {
        Result ok = run(true, null, "exec", "web", "-c", "app", "--", "echo", "hello", "websocket");
        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stdout()).isEqualTo("hello websocket\n");
        Result failed = run(true, null, "exec", "web", "-c", "app", "--", "fail", "4");
        assertThat(failed.exitCode()).isEqualTo(4);
        assertThat(failed.stderr()).contains("command terminated with exit code 4");
    }

    @Test
    void execPassesStdinUntilItsEndOverBothProtocols() throws Exception {
        Result spdy = run(false, "line-a\nline-b\n", "exec", "-i", "web", "-c", "app", "--", "cat");
        assertThat(spdy.exitCode()).as(spdy.stderr()).isZero();
        assertThat(spdy.stdout()).isEqualTo("line-a\nline-b\n");
        Result websocket = run(true, "line-c\n", "exec", "-i", "web", "-c", "app", "--", "cat");
        assertThat(websocket.exitCode()).as(websocket.stderr()).isZero();
        assertThat(websocket.stdout()).isEqualTo("line-c\n");
    }

    @Test
    void logsFollowStreamsNewLinesAndEndsWithTheContainer() throws Exception {
        Instant now = Instant.now();
        fixture.access.append(GROUP, "app", now.minusSeconds(5), "early 1");
        fixture.access.append(GROUP, "app", now.minusSeconds(4), "early 2");
        Result tail = run(false, null, "logs", "web", "-c", "app", "--tail=1");
        assertThat(tail.stdout()).isEqualTo("early 2\n");

        Kubectl follow = start(false, null, "logs", "-f", "web", "-c", "app");
        await().atMost(Duration.ofSeconds(15)).until(() -> follow.out().equals("early 1\nearly 2\n"));
        fixture.access.append(GROUP, "app", Instant.now(), "later 1");
        await().atMost(Duration.ofSeconds(15)).until(() -> follow.out().endsWith("later 1\n"));
        fixture.access.append(GROUP, "app", Instant.now(), "last");
        fixture.terminate("web", "app");
        Result done = follow.await();
        assertThat(done.exitCode()).as(done.stderr()).isZero();
        assertThat(done.stdout()).isEqualTo("early 1\nearly 2\nlater 1\nlast\n");
    }

    @Test
    void attachAndPortForwardFailCleanly() throws Exception {
        Result attach = run(false, null, "attach", "web", "-c", "app");
        assertThat(attach.exitCode()).isNotZero();
        assertThat(attach.stderr()).contains("attach is not supported by this node");
        Result portForward = run(false, null, "port-forward", "pod/web", ":80");
        assertThat(portForward.exitCode()).isNotZero();
        assertThat(portForward.stderr()).contains("portForward is not supported by this node");
    }
}
