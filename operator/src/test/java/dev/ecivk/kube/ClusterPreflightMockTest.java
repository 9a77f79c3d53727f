package dev.ecivk.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ecivk.Main;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Start-up against a cluster that is not there, refuses the credentials or lacks RBAC: one line naming the apiserver,
 * the kubeconfig and what to set, within seconds (the client's own retries would take a minute).
 */
class ClusterPreflightMockTest {
    /** The bound for "no cluster": one clear line within 10 s. */
    static final Duration START_UP_ERROR_BOUND = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    KubernetesMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.destroy();
        }
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private KubernetesClient clientFor(String url) {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url)
                .withRequestRetryBackoffLimit(10)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Test
    void noApiserverIsOneLineNamingTheUrlAndWhatToSet() throws IOException {
        String url = "https://127.0.0.1:" + closedPort();
        try (KubernetesClient client = clientFor(url)) {
            assertTimeoutPreemptively(
                    START_UP_ERROR_BOUND,
                    () -> assertThatThrownBy(() -> ClusterPreflight.check(client, "--kubeconfig /tmp/kc", List.of()))
                            .isInstanceOf(ClusterPreflight.StartupException.class)
                            .hasMessageContaining("cannot reach the Kubernetes apiserver at " + url)
                            .hasMessageContaining("--kubeconfig /tmp/kc")
                            .hasMessageContaining("Set --kubeconfig")
                            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n")));
        }
    }

    @Test
    void refusedCredentialsAreNamed() {
        server = new KubernetesMockServer(false);
        server.start();
        server.expect().get().withPath("/api").andReturn(401, "Unauthorized").always();
        try (KubernetesClient client = server.createClient()) {
            assertThatThrownBy(() -> ClusterPreflight.check(client, "the kubeconfig /x", List.of()))
                    .isInstanceOf(ClusterPreflight.StartupException.class)
                    .hasMessageContaining("refused the credentials of the kubeconfig /x (HTTP 401)");
        }
    }

    @Test
    void missingRbacNamesEveryDeniedVerbOnItsResource() {
        server = new KubernetesMockServer(false);
        server.start();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(
                        201,
                        new SelfSubjectAccessReviewBuilder()
                                .withNewStatus()
                                .withAllowed(false)
                                .endStatus()
                                .build())
                .always();
        try (KubernetesClient client = server.createClient()) {
            assertThatThrownBy(() -> ClusterPreflight.check(
                            client,
                            "the in-cluster service account",
                            List.of(
                                    ClusterPreflight.Permission.of("create", "nodes"),
                                    ClusterPreflight.Permission.of("update", "leases")
                                            .group("coordination.k8s.io")
                                            .in("kube-node-lease"))))
                    .isInstanceOf(ClusterPreflight.StartupException.class)
                    .hasMessageContaining("create nodes")
                    .hasMessageContaining("update coordination.k8s.io/leases in kube-node-lease")
                    .hasMessageContaining("(RBAC)");
        }
    }

    @Test
    void allowedOrUnansweredReviewsPass() {
        server = new KubernetesMockServer(false);
        server.start();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
                .andReturn(404, "not served")
                .always();
        try (KubernetesClient client = server.createClient()) {
            ClusterPreflight.check(client, "x", ClusterPreflight.NODE_PERMISSIONS);
        }
    }

    @Test
    void runWithoutAClusterExitsWithCodeOneAndOneLine() throws Exception {
        Path kubeconfig = dir.resolve("kubeconfig");
        String url = "https://127.0.0.1:" + closedPort();
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: gone
                  cluster:
                    server: %s
                    insecure-skip-tls-verify: true
                contexts:
                - name: gone
                  context:
                    cluster: gone
                    user: nobody
                current-context: gone
                users:
                - name: nobody
                  user:
                    token: not-a-real-token
                """.formatted(url));
        CommandLine cli = Main.commandLine(Map.of());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        int code = assertTimeoutPreemptively(
                START_UP_ERROR_BOUND,
                () -> cli.execute(
                        "run", "--kubeconfig", kubeconfig.toString(), "--metrics-port", "0", "--kubelet-port", "0"));

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip().lines().toList())
                .singleElement()
                .satisfies(line -> assertThat(line)
                        .startsWith("ecivk: cannot start: cannot reach the Kubernetes apiserver at " + url)
                        .contains("--kubeconfig " + kubeconfig)
                        .doesNotContain("not-a-real-token"));
    }
}
