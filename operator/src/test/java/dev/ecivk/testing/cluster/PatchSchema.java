package dev.ecivk.testing.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code patchStrategy}/{@code patchMergeKey} tags of the Kubernetes API types, for the fields strategic merge
 * patch treats specially: a list with a merge key merges item by item, a list of primitives with strategy merge is
 * a set union, every other list is replaced. Paths are field names joined by dots, {@code []} marking list items.
 */
final class PatchSchema {
    /** How a list merges: by {@code mergeKey}, or as a set of primitives when the key is null. */
    record ListStrategy(String mergeKey) {}

    private static final String[] CONTAINER_LISTS = {
        "ports=containerPort",
        "env=name",
        "volumeMounts=mountPath",
        "volumeDevices=devicePath",
        "resizePolicy=resourceName"
    };

    private final Map<String, ListStrategy> lists = new HashMap<>();

    private PatchSchema() {}

    /** The schema of a built-in type; empty for custom resources, which the apiserver does not strategic-merge. */
    static Optional<PatchSchema> of(ResourceType type, boolean builtIn) {
        if (!builtIn) {
            return Optional.empty();
        }
        PatchSchema schema = new PatchSchema();
        schema.merge("metadata.finalizers", null);
        schema.merge("metadata.ownerReferences", "uid");
        switch (type.storageKey()) {
            case "pods" -> {
                schema.podSpec("spec.");
                schema.merge("status.conditions", "type");
                schema.merge("status.podIPs", "ip");
                schema.merge("status.hostIPs", "ip");
                schema.merge("status.resourceClaimStatuses", "name");
            }
            case "nodes" -> {
                schema.merge("spec.podCIDRs", null);
                schema.merge("status.conditions", "type");
                schema.merge("status.addresses", "type");
            }
            case "podtemplates" -> schema.podSpec("template.spec.");
            case "deployments.apps",
                    "replicasets.apps",
                    "statefulsets.apps",
                    "daemonsets.apps",
                    "jobs.batch",
                    "replicationcontrollers" -> {
                schema.podSpec("spec.template.spec.");
                schema.merge("status.conditions", "type");
            }
            case "cronjobs.batch" -> schema.podSpec("spec.jobTemplate.spec.template.spec.");
            case "namespaces" -> schema.merge("status.conditions", "type");
            case "services" -> schema.merge("spec.ports", "port");
            default -> {
                // metadata only: the other lists of these types replace
            }
        }
        return Optional.of(schema);
    }

    private void podSpec(String prefix) {
        for (String containers : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
            merge(prefix + containers, "name");
            for (String list : CONTAINER_LISTS) {
                String[] fieldAndKey = list.split("=");
                merge(prefix + containers + "[]." + fieldAndKey[0], fieldAndKey[1]);
            }
        }
        merge(prefix + "volumes", "name");
        merge(prefix + "imagePullSecrets", "name");
        merge(prefix + "hostAliases", "ip");
        merge(prefix + "topologySpreadConstraints", "topologyKey");
        merge(prefix + "resourceClaims", "name");
        merge(prefix + "schedulingGates", "name");
    }

    private void merge(String path, String mergeKey) {
        lists.put(path, new ListStrategy(mergeKey));
    }

    /** The merge strategy of the list at {@code path}, or null when it is replaced as a whole. */
    ListStrategy list(String path) {
        return lists.get(path);
    }

    String mergeKey(String path) {
        ListStrategy s = lists.get(path);
        return s == null ? null : s.mergeKey();
    }
}
