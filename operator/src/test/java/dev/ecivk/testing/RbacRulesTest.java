package dev.ecivk.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class RbacRulesTest {
    private static final String NS = "ecivk-system";
    private static final String SA = "ecivk";

    private static PolicyRule rule(String group, List<String> resources, List<String> verbs, String... names) {
        return new PolicyRuleBuilder()
                .withApiGroups(group)
                .withResources(resources)
                .withVerbs(verbs)
                .withResourceNames(names)
                .build();
    }

    private static List<HasMetadata> objects(String subjectName) {
        return List.of(
                new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("vk")
                        .endMetadata()
                        .withRules(
                                rule("", List.of("nodes"), List.of("get", "create")),
                                rule("", List.of("nodes/status"), List.of("patch")),
                                rule("", List.of("pods"), List.of("list", "watch")))
                        .build(),
                new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("vk")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "vk")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(subjectName)
                        .withNamespace(NS)
                        .endSubject()
                        .build(),
                new RoleBuilder()
                        .withNewMetadata()
                        .withName("lease")
                        .withNamespace("kube-node-lease")
                        .endMetadata()
                        .withRules(rule("coordination.k8s.io", List.of("leases"), List.of("get", "update")))
                        .build(),
                new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("lease")
                        .withNamespace("kube-node-lease")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "lease")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(subjectName)
                        .withNamespace(NS)
                        .endSubject()
                        .build(),
                new RoleBuilder()
                        .withNewMetadata()
                        .withName("dns")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withRules(rule("", List.of("services"), List.of("get"), "kube-dns"))
                        .build(),
                new RoleBindingBuilder()
                        .withNewMetadata()
                        .withName("dns")
                        .withNamespace("kube-system")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "dns")
                        .addNewSubject()
                        .withKind("ServiceAccount")
                        .withName(subjectName)
                        .withNamespace(NS)
                        .endSubject()
                        .build());
    }

    private final RbacRules rules = RbacRules.forServiceAccount(objects(SA), NS, SA);
    private final ApiCallRecorder recorder = new ApiCallRecorder();

    @Test
    void expandsEveryBoundRuleIntoOneGrantPerVerb() {
        assertThat(rules.grants())
                .map(Object::toString)
                .containsExactlyInAnyOrder(
                        "* core/nodes:get",
                        "* core/nodes:create",
                        "* core/nodes/status:patch",
                        "* core/pods:list",
                        "* core/pods:watch",
                        "kube-node-lease coordination.k8s.io/leases:get",
                        "kube-node-lease coordination.k8s.io/leases:update",
                        "kube-system core/services:get[kube-dns]");
    }

    @Test
    void coversCallsTheRulesAllow() {
        List<ApiCall> calls = List.of(
                recorder.record("POST", "/api/v1/nodes"),
                recorder.record("PATCH", "/api/v1/nodes/vk-1/status"),
                recorder.record("GET", "/api/v1/pods?watch=true"),
                recorder.record("GET", "/api/v1/namespaces/ns1/pods"),
                recorder.record("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/vk-1"),
                recorder.record("GET", "/api/v1/namespaces/kube-system/services/kube-dns"),
                recorder.record("GET", "/version"),
                recorder.record("GET", "/apis/coordination.k8s.io/v1"),
                recorder.record("POST", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"));

        assertThat(rules.covers(calls)).isTrue();
        assertThat(rules.uncovered(calls)).isEmpty();
    }

    @Test
    void reportsWhatWouldBeForbidden() {
        List<ApiCall> calls = List.of(
                recorder.record("PUT", "/api/v1/nodes/vk-1/status"), // only patch granted
                recorder.record("PATCH", "/api/v1/nodes/vk-1"), // status subresource is not the node
                recorder.record("PUT", "/apis/coordination.k8s.io/v1/namespaces/ecivk-system/leases/x"), // wrong ns
                recorder.record("GET", "/api/v1/namespaces/kube-system/services/other"), // not the named one
                recorder.record("GET", "/api/v1/namespaces/kube-system/services"), // a list has no name
                recorder.record("POST", "/api/v1/namespaces/kube-node-lease/pods"), // wrong verb
                recorder.record("GET", "/metrics"), // non-resource, not a discovery URL
                recorder.record("POST", "/version")); // discovery is read-only

        assertThat(rules.covers(calls)).isFalse();
        assertThat(rules.uncovered(calls)).containsExactlyElementsOf(calls);
    }

    @Test
    void listsGrantsNoCallNeeded() {
        List<ApiCall> calls = List.of(
                recorder.record("GET", "/api/v1/nodes/vk-1"),
                recorder.record("GET", "/api/v1/pods?watch=true"),
                recorder.record("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/vk-1"));

        assertThat(rules.unused(calls))
                .map(Object::toString)
                .containsExactlyInAnyOrder(
                        "* core/nodes:create",
                        "* core/nodes/status:patch",
                        "* core/pods:list",
                        "kube-node-lease coordination.k8s.io/leases:update",
                        "kube-system core/services:get[kube-dns]");
    }

    @Test
    void ignoresBindingsOfOtherSubjects() {
        RbacRules someoneElse = RbacRules.forServiceAccount(objects("other"), NS, SA);

        assertThat(someoneElse.grants()).isEmpty();
        assertThat(someoneElse.allows(ApiCallRecorder.classify("GET", "/api/v1/nodes/vk-1")))
                .isFalse();
    }

    @Test
    void wildcardsMatchAnything() {
        List<HasMetadata> admin = List.of(
                new ClusterRoleBuilder()
                        .withNewMetadata()
                        .withName("admin")
                        .endMetadata()
                        .withRules(rule("*", List.of("*"), List.of("*")))
                        .build(),
                new ClusterRoleBindingBuilder()
                        .withNewMetadata()
                        .withName("admin")
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "admin")
                        .addNewSubject("", "ServiceAccount", SA, NS)
                        .build());

        assertThat(RbacRules.forServiceAccount(admin, NS, SA)
                        .allows(ApiCallRecorder.classify("DELETE", "/apis/apps/v1/namespaces/x/deployments")))
                .isTrue();
    }

    @Test
    void readsTheChartsRules() {
        RbacRules chart = RbacRules.fromChart("");

        assertThat(chart.allows(ApiCallRecorder.classify("PUT", "/api/v1/nodes/vk-1/status")))
                .isTrue();
        assertThat(chart.allows(ApiCallRecorder.classify("POST", "/api/v1/namespaces/a/pods")))
                .isFalse();
        assertThat(RbacRules.fromChart("rbac: {create: false}\n").grants()).isEmpty();
    }

    @Test
    void aBindingToAMissingRoleIsAnError() {
        List<HasMetadata> dangling = List.of(new RoleBindingBuilder()
                .withNewMetadata()
                .withName("b")
                .withNamespace("x")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "missing")
                .addNewSubject("", "ServiceAccount", SA, NS)
                .build());

        assertThatThrownBy(() -> RbacRules.forServiceAccount(dangling, NS, SA)).hasMessageContaining("Role missing");
    }
}
