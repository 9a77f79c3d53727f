package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet's request-to-SubjectAccessReview mapping, exec option names and protocol negotiation. */
class RequestAttributesTest {

    @Test
    void mapsPathsToNodeSubresourcesAsTheKubeletDoes() {
        assertThat(RequestAttributes.of("GET", "/stats/summary")).isEqualTo(new RequestAttributes("get", "stats"));
        assertThat(RequestAttributes.of("GET", "/stats")).isEqualTo(new RequestAttributes("get", "stats"));
        assertThat(RequestAttributes.of("GET", "/metrics/resource")).isEqualTo(new RequestAttributes("get", "metrics"));
        assertThat(RequestAttributes.of("GET", "/logs/")).isEqualTo(new RequestAttributes("get", "log"));
        assertThat(RequestAttributes.of("GET", "/spec/")).isEqualTo(new RequestAttributes("get", "spec"));
        assertThat(RequestAttributes.of("POST", "/exec/ns/pod/c")).isEqualTo(new RequestAttributes("create", "proxy"));
        assertThat(RequestAttributes.of("GET", "/containerLogs/ns/pod/c"))
                .isEqualTo(new RequestAttributes("get", "proxy"));
        assertThat(RequestAttributes.of("HEAD", "/pods")).isEqualTo(new RequestAttributes("get", "proxy"));
        assertThat(RequestAttributes.of("GET", "/statsfoo")).isEqualTo(new RequestAttributes("get", "proxy"));
        assertThat(RequestAttributes.of("PUT", "/x").verb()).isEqualTo("update");
        assertThat(RequestAttributes.of("PATCH", "/x").verb()).isEqualTo("patch");
        assertThat(RequestAttributes.of("DELETE", "/x").verb()).isEqualTo("delete");
    }

    @Test
    void readsTheApiserversAndDirectClientsExecOptionNames() {
        ExecRequest apiserver = ExecRequest.parse(Map.of(
                "command",
                List.of("sh", "-c", "echo hi"),
                "input",
                List.of("1"),
                "output",
                List.of("1"),
                "tty",
                List.of("1")));
        assertThat(apiserver).isEqualTo(new ExecRequest(List.of("sh", "-c", "echo hi"), true, true, false, true));
        ExecRequest direct = ExecRequest.parse(
                Map.of("command", List.of("ls"), "stdout", List.of("true"), "stderr", List.of("true")));
        assertThat(direct.expectsStderrStream()).isTrue();
        assertThatThrownBy(() -> ExecRequest.parse(Map.of("stdout", List.of("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExecRequest.parse(Map.of("command", List.of("ls"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void negotiatesTheClientsPreferredProtocolItSpeaks() {
        assertThat(KubeletHttpHandler.negotiate(List.of("v5.channel.k8s.io", "v4.channel.k8s.io")))
                .hasValue("v5.channel.k8s.io");
        assertThat(KubeletHttpHandler.negotiate(List.of("v4.channel.k8s.io, v3.channel.k8s.io")))
                .hasValue("v4.channel.k8s.io");
        assertThat(KubeletHttpHandler.negotiate(List.of("v3.channel.k8s.io", "channel.k8s.io")))
                .isEmpty();
    }
}
