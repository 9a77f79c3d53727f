package dev.ecivk.testing.cluster;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request URL split the way the apiserver's request-info resolver splits it: {@code /api/v1} or
 * {@code /apis/<group>/<version>}, an optional {@code namespaces/<ns>} scope, the resource, the object's name, a
 * subresource and whatever follows it (the node proxy's path), plus the decoded query parameters.
 */
record ApiPath(
        boolean resourceRequest,
        String group,
        String version,
        String namespace,
        String resource,
        String name,
        String subresource,
        String tail,
        boolean watchPrefix,
        Map<String, List<String>> query) {

    static ApiPath parse(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        Map<String, List<String>> query = parseQuery(q < 0 ? "" : pathAndQuery.substring(q + 1));
        List<String> parts = new ArrayList<>(Arrays.stream(path.split("/"))
                .filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .toList());
        String group;
        String version;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            version = parts.get(1);
            parts = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            version = parts.get(2);
            parts = parts.subList(3, parts.size());
        } else {
            return new ApiPath(false, null, null, null, null, null, null, path, false, query);
        }
        if (parts.isEmpty()) {
            return new ApiPath(false, group, version, null, null, null, null, path, false, query);
        }
        boolean watchPrefix = parts.get(0).equals("watch");
        if (watchPrefix) {
            parts = parts.subList(1, parts.size());
        }
        String namespace = null;
        if (parts.size() >= 2 && parts.get(0).equals("namespaces")) {
            boolean namespaceItself = parts.size() == 2
                    || (parts.size() == 3
                            && (parts.get(2).equals("status") || parts.get(2).equals("finalize")));
            if (!namespaceItself) {
                namespace = parts.get(1);
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.isEmpty() ? null : parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : null;
        String subresource = parts.size() > 2 ? parts.get(2) : null;
        String tail = parts.size() > 3 ? "/" + String.join("/", parts.subList(3, parts.size())) : "";
        if (subresource != null && path.endsWith("/")) {
            tail = tail + "/";
        }
        return new ApiPath(true, group, version, namespace, resource, name, subresource, tail, watchPrefix, query);
    }

    private static Map<String, List<String>> parseQuery(String query) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            result.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return result;
    }

    Optional<String> param(String key) {
        List<String> values = query.get(key);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    boolean flag(String key) {
        return param(key).map(v -> v.equals("true") || v.equals("1")).orElse(false);
    }

    boolean isWatch() {
        return watchPrefix || flag("watch");
    }
}
