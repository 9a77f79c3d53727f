package dev.ecivk.testing.cluster;

import java.util.List;

/**
 * One kind of object the fixture's apiserver serves: where it lives in the URL space, whether it is namespaced,
 * whether it has a status subresource (which splits writes of {@code .status} from writes of everything else) and
 * whether its {@code metadata.generation} follows spec changes.
 */
record ResourceType(
        String group,
        String version,
        String plural,
        String kind,
        boolean namespaced,
        boolean statusSubresource,
        boolean tracksGeneration,
        boolean builtIn,
        List<String> subresources) {

    /** The storage key of the type: one collection per group and plural, whatever version a request names. */
    String storageKey() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    boolean is(String group, String plural) {
        return this.group.equals(group) && this.plural.equals(plural);
    }

    boolean isPods() {
        return is("", "pods");
    }

    boolean isNodes() {
        return is("", "nodes");
    }

    /** The resource name the apiserver uses in its messages, {@code pods} or {@code leases.coordination.k8s.io}. */
    String qualifiedName() {
        return storageKey();
    }
}
