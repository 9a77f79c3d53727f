package dev.ecivk.packaging;

import static dev.ecivk.packaging.ChartScenario.FULLNAME;
import static dev.ecivk.packaging.ChartScenario.NAMESPACE;
import static dev.ecivk.packaging.ChartScenario.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chart's RBAC across its values: nothing cluster-admin-like, no switch widening it, and the switches that narrow
 * it. Whether the default grants are exactly what the controller calls is {@link ChartRbacMockTest}'s job.
 */
class ChartRbacTest {

    @TempDir
    Path scratch;

    private List<HasMetadata> render(String values) {
        return HelmChart.parse(HelmChart.template(RELEASE, NAMESPACE, values, scratch));
    }

    private static Set<String> grantsOf(List<HasMetadata> objects) {
        return RbacRules.forServiceAccount(objects, NAMESPACE, FULLNAME).grants().stream()
                .map(Object::toString)
                .collect(Collectors.toSet());
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
        Set<String> allowed = new java.util.HashSet<>(grantsOf(render("")));
        if (scenario == ChartScenario.ECS_VMS || scenario == ChartScenario.HUAWEI_VMS) {
            allowed.addAll(vmSecrets());
        }
        assertThat(grantsOf(objects))
                .as("no values switch grants more than the defaults, which ChartRbacMockTest checks against the calls")
                .isSubsetOf(allowed);
    }

    /** VM backends only: the agent gateway's keys and the Pod specs waiting for their agents, in the release namespace. */
    private static Set<String> vmSecrets() {
        return java.util.stream.Stream.of("get", "create", "update", "delete")
                .map(verb -> NAMESPACE + " core/secrets:" + verb)
                .collect(Collectors.toSet());
    }

    @Test
    void vmBackendsAddExactlySecretsOfTheReleaseNamespace() {
        Set<String> extra = new java.util.HashSet<>(grantsOf(render(ChartScenario.ECS_VMS.values)));
        extra.removeAll(grantsOf(render("")));
        assertThat(extra).containsExactlyInAnyOrderElementsOf(vmSecrets());
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
}
