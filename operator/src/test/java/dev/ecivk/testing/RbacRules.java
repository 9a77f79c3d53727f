package dev.ecivk.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The permissions a ServiceAccount gets from a set of RBAC objects (as rendered from the chart), expanded to one
 * {@link Grant} per (scope, group, resource, verb), with RBAC's matching rules: ClusterRole + ClusterRoleBinding
 * applies everywhere, a RoleBinding applies in its namespace (to a Role, or to a ClusterRole), {@code *} matches
 * anything, {@code resourceNames} restricts to named objects (so never matches a create or a collection).
 *
 * <p>Every authenticated user also holds what the default {@code system:discovery},
 * {@code system:public-info-viewer} and {@code system:basic-user} bindings give (discovery URLs, self reviews);
 * those calls are allowed without a rule and never reported as unused grants.
 */
public final class RbacRules {
    /** Scope of a grant that applies in every namespace and to cluster-scoped resources. */
    public static final String CLUSTER_WIDE = "*";

    private static final Set<String> DISCOVERY_PATHS =
            Set.of("/api", "/apis", "/version", "/healthz", "/livez", "/readyz", "/openapi");
    private static final Set<String> SELF_REVIEWS = Set.of(
            "authorization.k8s.io/selfsubjectaccessreviews",
            "authorization.k8s.io/selfsubjectrulesreviews",
            "authentication.k8s.io/selfsubjectreviews");

    public static final String CHART_RELEASE = "ecivk";
    public static final String CHART_NAMESPACE = "ecivk-system";
    public static final String CHART_SERVICE_ACCOUNT = "ecivk-eci-virtual-kubelet";

    private final List<Grant> grants;

    /**
     * One permission: {@code verb} on {@code apiGroup}/{@code resource} (with "/subresource") in {@code scope} (a
     * namespace or {@link #CLUSTER_WIDE}), limited to {@code resourceNames} when not empty. Any field may be
     * {@code *}.
     */
    public record Grant(String scope, String apiGroup, String resource, String verb, Set<String> resourceNames) {
        public Grant {
            resourceNames = Set.copyOf(resourceNames);
        }

        public boolean allows(ApiCall call) {
            if (!call.isResourceRequest()) {
                return false;
            }
            return matchesScope(call.namespace())
                    && (apiGroup.equals("*") || apiGroup.equals(call.apiGroup()))
                    && matchesResource(call)
                    && (verb.equals("*") || verb.equals(call.verb()))
                    && (resourceNames.isEmpty() || (call.name() != null && resourceNames.contains(call.name())));
        }

        private boolean matchesScope(String namespace) {
            return scope.equals(CLUSTER_WIDE) || scope.equals(namespace);
        }

        private boolean matchesResource(ApiCall call) {
            String wanted = call.resourceWithSubresource();
            if (resource.equals("*") || resource.equals(wanted)) {
                return true;
            }
            // RBAC's only other form: "*/<subresource>", that subresource of any resource.
            return call.subresource() != null && resource.equals("*/" + call.subresource());
        }

        /** e.g. {@code * core/nodes/status:patch} or {@code kube-system core/services:get[kube-dns]}. */
        @Override
        public String toString() {
            String group = apiGroup.isEmpty() ? "core" : apiGroup;
            String names = resourceNames.isEmpty() ? "" : new TreeSet<>(resourceNames).toString();
            return scope + " " + group + "/" + resource + ":" + verb + names;
        }
    }

    private RbacRules(List<Grant> grants) {
        this.grants = List.copyOf(grants);
    }

    /** The grants {@code serviceAccountNamespace/serviceAccountName} gets from the bindings among {@code objects}. */
    public static RbacRules forServiceAccount(
            Collection<? extends HasMetadata> objects, String serviceAccountNamespace, String serviceAccountName) {
        Map<String, ClusterRole> clusterRoles =
                byName(objects, ClusterRole.class, r -> r.getMetadata().getName());
        Map<String, Role> roles = byName(
                objects,
                Role.class,
                r -> r.getMetadata().getNamespace() + "/" + r.getMetadata().getName());
        List<Grant> grants = new ArrayList<>();
        for (HasMetadata object : objects) {
            if (object instanceof ClusterRoleBinding binding
                    && bindsTo(binding.getSubjects(), serviceAccountNamespace, serviceAccountName)) {
                ClusterRole role = resolve(clusterRoles, binding.getRoleRef(), "ClusterRole", binding);
                expand(CLUSTER_WIDE, role.getRules(), grants);
            } else if (object instanceof RoleBinding binding
                    && bindsTo(binding.getSubjects(), serviceAccountNamespace, serviceAccountName)) {
                String namespace = binding.getMetadata().getNamespace();
                RoleRef ref = binding.getRoleRef();
                List<PolicyRule> rules = ref.getKind().equals("ClusterRole")
                        ? resolve(clusterRoles, ref, "ClusterRole", binding).getRules()
                        : resolve(roles, ref, namespace + "/" + ref.getName(), binding)
                                .getRules();
                expand(namespace, rules, grants);
            }
        }
        return new RbacRules(grants);
    }

    /**
     * The grants of the chart's ServiceAccount, rendered with {@code valuesYaml} (may be empty) as release
     * {@code ecivk} in {@code ecivk-system} (ServiceAccount {@code ecivk-eci-virtual-kubelet}): what a scenario's
     * recorded calls should be checked against.
     */
    public static RbacRules fromChart(String valuesYaml) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("ecivk-chart");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            List<HasMetadata> objects =
                    HelmChart.parse(HelmChart.template(CHART_RELEASE, CHART_NAMESPACE, valuesYaml, scratch));
            return forServiceAccount(objects, CHART_NAMESPACE, CHART_SERVICE_ACCOUNT);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp file is harmless
            }
        }
    }

    /** Every grant, expanded (one per scope, group, resource and verb). */
    public List<Grant> grants() {
        return grants;
    }

    /** Whether some grant (or a default binding every authenticated user has) allows {@code call}. */
    public boolean allows(ApiCall call) {
        if (!call.isResourceRequest()) {
            return isDiscovery(call.nonResourcePath()) && call.verb().equals("get");
        }
        if (call.verb().equals("create") && SELF_REVIEWS.contains(call.apiGroup() + "/" + call.resource())) {
            return true;
        }
        return grants.stream().anyMatch(g -> g.allows(call));
    }

    /** True when every recorded call is allowed. */
    public boolean covers(Collection<ApiCall> recorded) {
        return uncovered(recorded).isEmpty();
    }

    /** The recorded calls no grant allows: each would be a 403 in a real cluster. */
    public Set<ApiCall> uncovered(Collection<ApiCall> recorded) {
        return recorded.stream().filter(c -> !allows(c)).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The grants no recorded call needed: candidates for removal (or scenarios still missing). */
    public Set<Grant> unused(Collection<ApiCall> recorded) {
        return grants.stream()
                .filter(g -> recorded.stream().noneMatch(g::allows))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static void expand(String scope, List<PolicyRule> rules, List<Grant> grants) {
        for (PolicyRule rule : rules) {
            if (rule.getResources() == null || rule.getResources().isEmpty()) {
                continue; // nonResourceURLs rules: only valid in ClusterRoles, and the chart has none
            }
            Set<String> names = rule.getResourceNames() == null ? Set.of() : Set.copyOf(rule.getResourceNames());
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(new Grant(scope, group, resource, verb, names));
                    }
                }
            }
        }
    }

    private static boolean bindsTo(List<Subject> subjects, String namespace, String name) {
        return subjects != null
                && subjects.stream()
                        .anyMatch(s -> s.getKind().equals("ServiceAccount")
                                && s.getName().equals(name)
                                && Objects.equals(s.getNamespace(), namespace));
    }

    private static <T> T resolve(Map<String, T> known, RoleRef ref, String key, HasMetadata binding) {
        T role = known.get(ref.getKind().equals("ClusterRole") ? ref.getName() : key);
        if (role == null) {
            throw new IllegalArgumentException(
                    binding.getKind() + " " + binding.getMetadata().getName() + " refers to " + ref.getKind() + " "
                            + ref.getName() + ", which is not among the objects");
        }
        return role;
    }

    private static <T extends HasMetadata> Map<String, T> byName(
            Collection<? extends HasMetadata> objects, Class<T> type, Function<T, String> key) {
        return objects.stream()
                .filter(type::isInstance)
                .map(type::cast)
                .collect(Collectors.toMap(key, Function.identity()));
    }

    private static boolean isDiscovery(String path) {
        return DISCOVERY_PATHS.contains(path)
                || path.startsWith("/api/")
                || path.startsWith("/apis/")
                || path.startsWith("/openapi/")
                || path.startsWith("/version/");
    }
}
