package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Exec over SPDY/3.1, the way kube-apiserver reaches a kubelet for {@code kubectl exec}. */
class KubeletExecSpdyMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private KubeletFixture fixture;
    private SpdyTestClient client;

    @BeforeEach
    void start() throws Exception {
        fixture = KubeletFixture.anonymous();
        fixture.pods.add(KubeletFixture.pod("default", "web", "eci-exec-2", "app"));
        client = new SpdyTestClient();
    }

    @AfterEach
    void stop() {
        client.close();
        fixture.close();
    }

    private FullHttpResponse upgrade(String pathAndQuery, List<String> protocols) throws Exception {
        return client.upgrade(fixture.server.servingCertificate(), fixture.server.port(), pathAndQuery, protocols);
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(client.text("error"));
    }

    @Test
    void runsACommandWithTheApiserversQueryAndReportsSuccess() throws Exception {
        FullHttpResponse response = upgrade(
                "/exec/default/web/app?command=echo&command=hi&command=there&error=1&output=1",
                SpdyTestClient.APISERVER_PROTOCOLS);
        assertThat(response.status().code()).isEqualTo(101);
        assertThat(response.headers().get("X-Stream-Protocol-Version")).isEqualTo("v5.channel.k8s.io");
        client.openStream("error");
        client.openStream("stdout");
        client.openStream("stderr");
        client.closed.get(10, TimeUnit.SECONDS);
        assertThat(client.text("stdout")).isEqualTo("hi there\n");
        assertThat(client.isFinished("stdout")).isTrue();
        assertThat(client.isFinished("error")).isTrue();
        assertThat(status().path("status").asText()).isEqualTo("Success");
        assertThat(fixture.access.execCommands).containsExactly(List.of("echo", "hi", "there"));
    }

    @Test
    void reportsTheExitCodeOnTheErrorStream() throws Exception {
        upgrade("/exec/default/web/app?command=fail&command=7&error=1&output=1", List.of("v4.channel.k8s.io"));
        client.openStream("error");
        client.openStream("stdout");
        client.openStream("stderr");
        client.closed.get(10, TimeUnit.SECONDS);
        assertThat(client.text("stderr")).isEqualTo("boom\n");
        JsonNode status = status();
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NonZeroExitCode");
        assertThat(status.path("details").path("causes").get(0).path("message").asText())
                .isEqualTo("7");
    }

    @Test
    void forwardsStdinUntilTheClientFinishesIt() throws Exception {
        FullHttpResponse response = upgrade(
                "/exec/default/web/uid-web/app?command=cat&input=1&output=1", SpdyTestClient.APISERVER_PROTOCOLS);
        assertThat(response.status().code())
                .as(response.content().toString(StandardCharsets.UTF_8))
                .isEqualTo(101);
        client.openStream("error");
        client.openStream("stdin");
        client.openStream("stdout");
        client.send("stdin", "hello\n", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.text("stdout").equals("hello\n"));
        client.send("stdin", "", true);
        client.closed.get(10, TimeUnit.SECONDS);
        assertThat(status().path("status").asText()).isEqualTo("Success");
    }

    @Test
    void forwardsTerminalResizesSplitAcrossFrames() throws Exception {
        upgrade("/exec/default/web/app?command=size&input=1&output=1&tty=1", SpdyTestClient.APISERVER_PROTOCOLS);
        client.openStream("error");
        client.openStream("stdin");
        client.openStream("stdout");
        client.openStream("resize");
        client.send("resize", "{\"Width\":80,", false);
        client.send("resize", "\"Height\":24}{\"Width\":100,\"Height\":30}", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.text("stdout").equals("size 80x24\nsize 100x30\n"));
        client.send("stdin", "", true);
        client.closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    void reportsAProviderFailureOnTheErrorStream() throws Exception {
        fixture.access.failExec = true;
        upgrade("/exec/default/web/app?command=echo&output=1", SpdyTestClient.APISERVER_PROTOCOLS);
        client.openStream("error");
        client.openStream("stdout");
        client.closed.get(10, TimeUnit.SECONDS);
        JsonNode status = status();
        assertThat(status.path("status").asText()).isEqualTo("Failure");
        assertThat(status.path("reason").asText()).isEqualTo("NotFound");
        assertThat(client.isFinished("stdout")).isTrue();
    }

    @Test
    void answersPingsAndEndsTheBackendSessionWhenTheClientGoesAway() throws Exception {
        upgrade("/exec/default/web/app?command=cat&input=1&output=1", SpdyTestClient.APISERVER_PROTOCOLS);
        client.openStream("error");
        client.openStream("stdin");
        client.openStream("stdout");
        client.ping(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.pings.contains(1));
        client.send("stdin", "still here\n", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.text("stdout").equals("still here\n"));
        client.abort();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.execBackend.closedSessions.get() == 1);
    }

    @Test
    void refusesProtocolsItCannotSpeak() throws Exception {
        FullHttpResponse response =
                upgrade("/exec/default/web/app?command=echo&output=1", List.of("v2.channel.k8s.io", "channel.k8s.io"));
        assertThat(response.status().code()).isEqualTo(403);
        assertThat(response.content().toString(StandardCharsets.UTF_8)).contains("unable to negotiate protocol");
    }

    @Test
    void answersAttachAndPortForwardWithNotImplementedInsteadOfHanging() throws Exception {
        FullHttpResponse response = upgrade("/attach/default/web/app?output=1", SpdyTestClient.APISERVER_PROTOCOLS);
        assertThat(response.status().code()).isEqualTo(501);
        assertThat(response.content().toString(StandardCharsets.UTF_8))
                .contains("\"kind\":\"Status\"")
                .contains("not supported by this node");
        assertThat(fixture.get("/portForward/default/web").statusCode()).isEqualTo(501);
    }
}
