package dev.ecivk.kubeletapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The kubelet's request-to-SubjectAccessReview mapping. */
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
}
