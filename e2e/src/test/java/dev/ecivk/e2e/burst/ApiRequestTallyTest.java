package dev.ecivk.e2e.burst;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestTallyTest {

    @ParameterizedTest
    @CsvSource({
        "PATCH, /api/v1/namespaces/default/pods/web-1/status, PATCH pods/status",
        "PUT, /api/v1/namespaces/default/pods/web-1/status, PUT pods/status",
        "GET, /api/v1/namespaces/default/pods/web-1, GET pods",
        "GET, /api/v1/namespaces/default/services, LIST services",
        "GET, /api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3Dvk&watch=true, WATCH pods",
        "POST, /api/v1/namespaces/default/serviceaccounts/default/token, POST serviceaccounts/token",
        "POST, /api/v1/namespaces/default/events, POST events",
        "POST, /apis/events.k8s.io/v1/namespaces/default/events, POST events.events.k8s.io",
        "PUT, /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/vk, PUT leases.coordination.k8s.io",
        "DELETE, /api/v1/namespaces/default/pods/web-1, DELETE pods",
        "GET, /version, GET /version"
    })
    void namesRequestsAsTheApiserverClassifiesThem(String method, String path, String key) {
        ApiRequestTally tally = new ApiRequestTally("burst");
        tally.record(method, path);
        assertThat(tally.counts("burst")).containsExactly(Map.entry(key, 1L));
    }

    @Test
    void keepsPhasesApart() {
        ApiRequestTally tally = new ApiRequestTally("start-up");
        tally.record("GET", "/api/v1/nodes/vk");
        tally.phase("burst");
        tally.record("PATCH", "/api/v1/namespaces/d/pods/a/status");
        tally.record("PATCH", "/api/v1/namespaces/d/pods/b/status");

        assertThat(tally.counts("start-up")).containsExactly(Map.entry("GET nodes", 1L));
        assertThat(tally.counts("burst")).containsExactly(Map.entry("PATCH pods/status", 2L));
        assertThat(tally.counts("steady")).isEmpty();
    }

    @Test
    void readsAreGetListAndWatch() {
        assertThat(ApiRequestTally.isWrite("GET configmaps")).isFalse();
        assertThat(ApiRequestTally.isWrite("LIST services")).isFalse();
        assertThat(ApiRequestTally.isWrite("WATCH pods")).isFalse();
        assertThat(ApiRequestTally.isWrite("PATCH pods/status")).isTrue();
        assertThat(ApiRequestTally.isWrite("POST events")).isTrue();
        assertThat(ApiRequestTally.isWrite("DELETE pods")).isTrue();
    }
}
