package dev.ecivk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiCallRecorderTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            GET    | /api/v1/nodes                                              | list   | ''                  | nodes                 | -         | -               | -
            GET    | /api/v1/nodes?watch=true&resourceVersion=5                 | watch  | ''                  | nodes                 | -         | -               | -
            GET    | /api/v1/nodes/vk-1                                         | get    | ''                  | nodes                 | -         | -               | vk-1
            PUT    | /api/v1/nodes/vk-1/status                                  | update | ''                  | nodes                 | status    | -               | vk-1
            PATCH  | /api/v1/nodes/vk-1/status                                  | patch  | ''                  | nodes                 | status    | -               | vk-1
            POST   | /api/v1/nodes                                              | create | ''                  | nodes                 | -         | -               | -
            DELETE | /api/v1/nodes/vk-1                                         | delete | ''                  | nodes                 | -         | -               | vk-1
            GET    | /api/v1/pods?fieldSelector=spec.nodeName%3Dvk-1            | list   | ''                  | pods                  | -         | -               | -
            GET    | /api/v1/pods?fieldSelector=spec.nodeName%3Dvk-1&watch=true | watch  | ''                  | pods                  | -         | -               | -
            DELETE | /api/v1/namespaces/ns1/pods/p1                             | delete | ''                  | pods                  | -         | ns1             | p1
            DELETE | /api/v1/namespaces/ns1/pods                                | deletecollection | ''        | pods                  | -         | ns1             | -
            PATCH  | /api/v1/namespaces/ns1/pods/p1/status                      | patch  | ''                  | pods                  | status    | ns1             | p1
            POST   | /api/v1/namespaces/ns1/serviceaccounts/default/token       | create | ''                  | serviceaccounts       | token     | ns1             | default
            POST   | /api/v1/namespaces/ns1/events                              | create | ''                  | events                | -         | ns1             | -
            GET    | /api/v1/namespaces/kube-system/services/kube-dns           | get    | ''                  | services              | -         | kube-system     | kube-dns
            GET    | /api/v1/watch/namespaces/ns1/configmaps                    | watch  | ''                  | configmaps            | -         | ns1             | -
            GET    | /api/v1/namespaces/ns1/secrets?fieldSelector=metadata.name%3Ds1&watch=true | watch | ''  | secrets               | -         | ns1             | s1
            GET    | /api/v1/namespaces/ns1                                     | get    | ''                  | namespaces            | -         | -               | ns1
            PUT    | /api/v1/namespaces/ns1/status                              | update | ''                  | namespaces            | status    | -               | ns1
            PUT    | /apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/vk-1 | update | coordination.k8s.io | leases | - | kube-node-lease | vk-1
            POST   | /apis/authentication.k8s.io/v1/tokenreviews                | create | authentication.k8s.io | tokenreviews        | -         | -               | -
            GET    | /apis/ecivk.dev/v1alpha1/virtualnodes?watch=1              | watch  | ecivk.dev           | virtualnodes          | -         | -               | -
            PATCH  | /apis/ecivk.dev/v1alpha1/virtualnodes/vn1/status           | patch  | ecivk.dev           | virtualnodes          | status    | -               | vn1
            """)
    void classifiesLikeTheApiserver(
            String method,
            String path,
            String verb,
            String group,
            String resource,
            String subresource,
            String namespace,
            String name) {
        assertThat(ApiCallRecorder.classify(method, path))
                .isEqualTo(ApiCall.resource(verb, group, resource, subresource, namespace, name));
    }

    @ParameterizedTest
    @CsvSource({"GET,/version", "GET,/apis", "GET,/api/v1", "GET,/apis/ecivk.dev/v1alpha1", "GET,/openapi/v3"})
    void discoveryIsANonResourceRequest(String method, String path) {
        ApiCall call = ApiCallRecorder.classify(method, path);
        assertThat(call.isResourceRequest()).isFalse();
        assertThat(call.nonResourcePath()).isEqualTo(path);
        assertThat(call.verb()).isEqualTo("get");
    }

    @Test
    void recordsEachDistinctCallOnceInFirstSeenOrder() {
        ApiCallRecorder recorder = new ApiCallRecorder();
        recorder.record("GET", "/api/v1/nodes/vk-1");
        recorder.record("PUT", "/api/v1/nodes/vk-1/status");
        recorder.record("GET", "/api/v1/nodes/vk-1");

        assertThat(recorder.calls())
                .containsExactly(
                        ApiCall.resource("get", "", "nodes", null, null, "vk-1"),
                        ApiCall.resource("update", "", "nodes", "status", null, "vk-1"));
        recorder.clear();
        assertThat(recorder.calls()).isEmpty();
    }
}
