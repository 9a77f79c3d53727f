package dev.ecivk.testing;

import java.util.Locale;
import java.util.Objects;

/**
 * One request to the Kubernetes API as RBAC sees it: a verb on a (group, resource, subresource) in a namespace,
 * optionally on a named object; or a verb on a non-resource URL ({@code /version}, {@code /apis}).
 *
 * @param verb RBAC verb: get, list, watch, create, update, patch, delete, deletecollection (resource requests) or
 *     the lower-case HTTP method (non-resource requests)
 * @param apiGroup "" for the core group
 * @param resource plural resource name, null for a non-resource request
 * @param subresource e.g. "status", "token", null when none
 * @param namespace null for cluster-scoped resources and cluster-wide lists/watches
 * @param name the object's name, null for collections and creates
 * @param nonResourcePath the path of a non-resource request, otherwise null
 */
public record ApiCall(
        String verb,
        String apiGroup,
        String resource,
        String subresource,
        String namespace,
        String name,
        String nonResourcePath) {

    public ApiCall {
        Objects.requireNonNull(verb, "verb");
        verb = verb.toLowerCase(Locale.ROOT);
        if (nonResourcePath == null) {
            Objects.requireNonNull(apiGroup, "apiGroup");
            Objects.requireNonNull(resource, "resource");
        }
    }

    /** A resource request. */
    public static ApiCall resource(
            String verb, String apiGroup, String resource, String subresource, String namespace, String name) {
        return new ApiCall(verb, apiGroup, resource, subresource, namespace, name, null);
    }

    /** A non-resource request such as {@code GET /version}. */
    public static ApiCall nonResource(String verb, String path) {
        return new ApiCall(verb, null, null, null, null, null, path);
    }

    public boolean isResourceRequest() {
        return nonResourcePath == null;
    }

    /** "resource" or "resource/subresource", the form RBAC rules name it in. */
    public String resourceWithSubresource() {
        return subresource == null ? resource : resource + "/" + subresource;
    }

    /** The same call without object name and namespace: what a rule without resourceNames is about. */
    public ApiCall withoutName() {
        return new ApiCall(verb, apiGroup, resource, subresource, namespace, null, nonResourcePath);
    }

    @Override
    public String toString() {
        if (!isResourceRequest()) {
            return verb + " " + nonResourcePath;
        }
        String group = apiGroup.isEmpty() ? "core" : apiGroup;
        return verb + " " + group + "/" + resourceWithSubresource()
                + (namespace == null ? "" : " in " + namespace)
                + (name == null ? "" : " name=" + name);
    }
}
