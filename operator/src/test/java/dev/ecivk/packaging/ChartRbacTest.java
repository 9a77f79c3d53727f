package dev.ecivk.packaging;

import static dev.ecivk.packaging.ChartScenario.FULLNAME;
import static dev.ecivk.packaging.ChartScenario.NAMESPACE;
import static dev.ecivk.packaging.ChartScenario.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ecivk.testing.ApiCallRecorder;
import dev.ecivk.testing.HelmChart;
import dev.ecivk.testing.RbacRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The chart grants the controller exactly the permissions it uses, and nothing cluster-admin-like. */
class ChartRbacTest {

    /**
     * What the controller's ServiceAccount may do, as "scope group/resource:verb[resourceNames]" (scope "*" =
     * every namespace and cluster-scoped objects). This is the one list of the controller's permissions: change it
     * together with the chart's rbac.yaml and the code that needs the permission.
     */
    static final Set<String> EXPECTED = Stream.of(
                    grants("*", "core/nodes", "get", "list", "watch", "create", "update", "patch", "delete"),
                    grants("*", "core/nodes/status", "get", "update", "patch"),
                    grants("*", "core/pods", "get", "list", "watch", "delete", "patch"),
                    grants("*", "core/pods/status", "get", "update", "patch"),
                    grants("*", "core/events", "create", "patch", "update", "get"),
                    // Pods in any namespace may reference any ConfigMap or Secret of their namespace.
                    grants("*", "core/configmaps", "get", "list", "watch"),
                    grants("*", "core/secrets", "get", "list", "watch"),
                    grants("*", "core/services", "get", "list", "watch"),
                    grants("*", "core/serviceaccounts/token", "create"),
                    grants("*", "authentication.k8s.io/tokenreviews", "create"),
                    grants("*", "authorization.k8s.io/subjectaccessreviews", "create"),
                    grants(
                            "*",
                            "ecivk.dev/virtualnodes",
                            "get",
                            "list",
                            "watch",
                            "create",
                            "update",
                            "patch",
                            "delete"),
                    grants("*", "ecivk.dev/virtualnodes/status", "get", "update", "patch"),
                    grants("*", "ecivk.dev/imagecaches", "get", "list", "watch", "create", "update", "patch", "delete"),
                    grants("*", "ecivk.dev/imagecaches/status", "get", "update", "patch"),
                    grants("kube-node-lease", "coordination.k8s.io/leases", "get", "create", "update", "patch"),
                    grants(NAMESPACE, "coordination.k8s.io/leases", "get", "create", "update", "patch"),
                    List.of("kube-system core/services:get[kube-dns]"),
                    List.of(
                            "* apiextensions.k8s.io/customresourcedefinitions:get[imagecaches.ecivk.dev, virtualnodes.ecivk.dev]"))
            .flatMap(List::stream)
            .collect(Collectors.toUnmodifiableSet());

    @TempDir
    Path scratch;

    private static List<String> grants(String scope, String resource, String... verbs) {
        List<String> out = new ArrayList<>();
        for (String verb : verbs) {
            out.add(scope + " " + resource + ":" + verb);
        }
        return out;
    }

    private List<HasMetadata> render(String values) {
        return HelmChart.parse(HelmChart.template(RELEASE, NAMESPACE, values, scratch));
    }

    private static Set<String> grantsOf(List<HasMetadata> objects) {
        return RbacRules.forServiceAccount(objects, NAMESPACE, FULLNAME).grants().stream()
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    /** VM backends only: the agent gateway's keys and the Pod specs waiting for their agents, in the release namespace. */
    static final List<String> VM_BACKENDS = grants(NAMESPACE, "core/secrets", "get", "create", "update", "delete");

    @Test
    void grantsExactlyTheExpectedPermissions() {
        assertThat(grantsOf(render(""))).containsExactlyInAnyOrderElementsOf(EXPECTED);
        Set<String> vm = new java.util.HashSet<>(EXPECTED);
        vm.addAll(VM_BACKENDS);
        assertThat(grantsOf(render(ChartScenario.ECS_VMS.values))).containsExactlyInAnyOrderElementsOf(vm);
    }

    @ParameterizedTest
    @EnumSource(ChartScenario.class)
    void neverGrantsWildcardsOrClusterAdmin(ChartScenario scenario) {
        List<HasMetadata> objects = render(scenario.values);
        List<PolicyRule> rules = new ArrayList<>();
        HelmChart.all(objects, io.fabric8.kubernetes.api.model.rbac.ClusterRole.class)
                .forEach(r -> rules.addAll(r.getRules()));
        HelmChart.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));

        assertThat(rules).isNotEmpty().allSatisfy(rule -> {
            assertThat(rule.getApiGroups()).doesNotContain("*");
            assertThat(rule.getResources()).noneMatch(r -> r.contains("*"));
            assertThat(rule.getVerbs()).doesNotContain("*", "escalate", "bind", "impersonate");
            assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
        });
        assertThat(HelmChart.all(objects, ClusterRoleBinding.class))
                .allSatisfy(b -> assertThat(b.getRoleRef().getName()).isEqualTo(FULLNAME));
        assertThat(HelmChart.all(objects, RoleBinding.class))
                .allSatisfy(b -> assertThat(b.getRoleRef().getKind()).isEqualTo("Role"));
        Set<String> allowed = new java.util.HashSet<>(EXPECTED);
        allowed.addAll(VM_BACKENDS);
        assertThat(grantsOf(objects)).isSubsetOf(allowed);
    }

    @Test
    void leasesAreNeverGrantedClusterWide() {
        assertThat(grantsOf(render(""))).noneMatch(g -> g.startsWith("* coordination.k8s.io/leases"));
    }

    @Test
    void withAnExplicitClusterDnsKubeSystemIsNotTouched() {
        List<HasMetadata> objects = render("clusterDns: 10.96.0.10\n");

        assertThat(grantsOf(objects)).noneMatch(g -> g.startsWith("kube-system"));
        assertThat(objects).noneMatch(o -> "kube-system".equals(o.getMetadata().getNamespace()));
    }

    @Test
    void withoutLeaderElectionTheReleaseNamespaceLeaseIsNotGranted() {
        assertThat(grantsOf(render("leaderElection: {enabled: false}\n")))
                .noneMatch(g -> g.startsWith(NAMESPACE + " "));
    }

    @Test
    void rbacCanBeLeftToTheAdministrator() {
        List<HasMetadata> objects = render("rbac: {create: false}\n");

        assertThat(objects).noneMatch(o -> o.getApiVersion().startsWith("rbac.authorization.k8s.io"));
    }

    /** The calls the controller's design makes (architecture.md) are all allowed by the rendered rules. */
    @Test
    void coversTheControllersKnownCalls() {
        ApiCallRecorder calls = new ApiCallRecorder();
        calls.record("POST", "/api/v1/nodes");
        calls.record("GET", "/api/v1/nodes/" + FULLNAME);
        calls.record("DELETE", "/api/v1/nodes/" + FULLNAME);
        calls.record("PATCH", "/api/v1/nodes/" + FULLNAME + "/status");
        calls.record("GET", "/api/v1/nodes?fieldSelector=metadata.name%3D" + FULLNAME + "&watch=true");
        calls.record("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases");
        calls.record("PUT", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/" + FULLNAME);
        calls.record("PUT", "/apis/coordination.k8s.io/v1/namespaces/" + NAMESPACE + "/leases/ecivk-leader");
        calls.record("GET", "/api/v1/pods?fieldSelector=spec.nodeName%3D" + FULLNAME + "&watch=true");
        calls.record("PATCH", "/api/v1/namespaces/team-a/pods/web-1/status");
        calls.record("DELETE", "/api/v1/namespaces/team-a/pods/web-1");
        calls.record("POST", "/api/v1/namespaces/team-a/events");
        calls.record("GET", "/api/v1/namespaces/team-a/secrets/db-password");
        calls.record("GET", "/api/v1/namespaces/team-a/configmaps/settings");
        calls.record("GET", "/api/v1/services?watch=true");
        calls.record("GET", "/api/v1/namespaces/kube-system/services/kube-dns");
        calls.record("POST", "/api/v1/namespaces/team-a/serviceaccounts/default/token");
        calls.record("POST", "/apis/authentication.k8s.io/v1/tokenreviews");
        calls.record("POST", "/apis/authorization.k8s.io/v1/subjectaccessreviews");
        calls.record("PATCH", "/apis/ecivk.dev/v1alpha1/virtualnodes/" + FULLNAME + "/status");
        RbacRules rules = RbacRules.forServiceAccount(render(""), NAMESPACE, FULLNAME);

        assertThat(rules.uncovered(calls.calls())).isEmpty();
        // and what it must not do
        assertThat(rules.allows(ApiCallRecorder.classify("PUT", "/api/v1/namespaces/team-a/secrets/db-password")))
                .isFalse();
        assertThat(rules.allows(ApiCallRecorder.classify("POST", "/api/v1/namespaces/team-a/pods")))
                .isFalse();
        assertThat(rules.allows(
                        ApiCallRecorder.classify("PUT", "/apis/coordination.k8s.io/v1/namespaces/other/leases/x")))
                .isFalse();
        // Services are readable (service-link variables need them, and list already shows all), never writable
        assertThat(rules.allows(ApiCallRecorder.classify("DELETE", "/api/v1/namespaces/kube-system/services/metrics")))
                .isFalse();
    }
}
