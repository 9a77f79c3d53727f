package dev.ecivk.testing;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Records every call a component makes against the fabric8 mock server as an {@link ApiCall} (verb, group,
 * resource, subresource, namespace, name), the way the apiserver's request-info resolver classifies it, so that a
 * scenario's calls can be checked against the chart's RBAC rules with {@link RbacRules#uncovered} and
 * {@link RbacRules#unused}.
 *
 * <p>Two ways to feed it: {@link #drain(DefaultMockServer)} after a scenario (works with
 * {@code @EnableKubernetesMockClient}, whose server queues every request it receives), or {@link #wrap(Dispatcher)}
 * around the dispatcher of a hand-built {@code KubernetesMockServer}.
 */
public final class ApiCallRecorder {
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

    private final Set<ApiCall> calls = Collections.synchronizedSet(new LinkedHashSet<>());

    /** Records one request line: the HTTP method and the path with its query string. */
    public ApiCall record(String method, String pathAndQuery) {
        ApiCall call = classify(method, pathAndQuery);
        calls.add(call);
        return call;
    }

    /** Takes every request the mock server has queued so far and records it; returns those calls in order. */
    public List<ApiCall> drain(DefaultMockServer server) {
        return drain(server, request -> true);
    }

    /**
     * Takes every request the mock server has queued so far and records those {@code ofInterest} selects, e.g. a
     * component's own (see {@link #sentBy}); returns the recorded calls in order.
     */
    public List<ApiCall> drain(DefaultMockServer server, Predicate<RecordedRequest> ofInterest) {
        List<ApiCall> drained = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
                if (ofInterest.test(request)) {
                    drained.add(record(request.getMethod(), request.getPath()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while draining the mock server's requests", e);
        }
        return drained;
    }

    /** The requests of a client built with this {@code User-Agent}: one component's calls among a test's own. */
    public static Predicate<RecordedRequest> sentBy(String userAgent) {
        return request -> userAgent.equals(request.getHeader("User-Agent"));
    }

    /** A dispatcher that records each request, then lets {@code delegate} answer it. */
    public Dispatcher wrap(Dispatcher delegate) {
        return new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                record(request.getMethod(), request.getPath());
                return delegate.dispatch(request);
            }

            @Override
            public void shutdown() {
                delegate.shutdown();
            }
        };
    }

    /** Every distinct call recorded so far, in first-seen order. */
    public Set<ApiCall> calls() {
        synchronized (calls) {
            return new LinkedHashSet<>(calls);
        }
    }

    public void clear() {
        calls.clear();
    }

    /**
     * Classifies a request as the apiserver does (k8s.io/apiserver RequestInfoFactory): {@code /api/v1} is the
     * core group, {@code /apis/<group>/<version>} the others; {@code namespaces/<ns>/} scopes a resource, except
     * the namespace's own subresources; {@code ?watch=true} (or a {@code /watch/} prefix) turns get/list into
     * watch; a collection GET is a list, a collection DELETE a deletecollection; a list or watch with
     * {@code fieldSelector=metadata.name=<n>} names the object {@code n}.
     */
    public static ApiCall classify(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
        List<String> parts = new ArrayList<>(
                Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList());
        String httpVerb = method.toLowerCase(Locale.ROOT);

        String apiGroup;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            apiGroup = "";
            parts = parts.subList(2, parts.size());
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            apiGroup = parts.get(1);
            parts = parts.subList(3, parts.size());
        } else {
            return ApiCall.nonResource(httpVerb, path);
        }
        if (parts.isEmpty()) {
            return ApiCall.nonResource(httpVerb, path); // discovery: /api/v1, /apis/<group>/<version>
        }
        boolean watchPrefix = false;
        if (parts.get(0).equals("watch")) {
            watchPrefix = true;
            parts = parts.subList(1, parts.size());
        }
        String namespace = null;
        if (parts.get(0).equals("namespaces") && parts.size() > 1) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }
        String resource = parts.get(0);
        String name = parts.size() > 1 ? parts.get(1) : null;
        String subresource = parts.size() > 2 ? parts.get(2) : null;
        if (resource.equals("namespaces")) {
            namespace = null; // a Namespace is cluster-scoped; its name is the object's name
        }

        String verb = switch (httpVerb) {
            case "get", "head" -> name == null ? "list" : "get";
            case "post" -> "create";
            case "put" -> "update";
            case "patch" -> "patch";
            case "delete" -> name == null ? "deletecollection" : "delete";
            default -> httpVerb;
        };
        boolean watchParam = queryValue(query, "watch")
                .map(v -> v.equals("true") || v.equals("1"))
                .orElse(false);
        if (verb.equals("list") || verb.equals("get")) {
            if (watchPrefix || watchParam) {
                verb = "watch";
            }
        }
        if (name == null && (verb.equals("list") || verb.equals("watch"))) {
            name = queryValue(query, "fieldSelector")
                    .flatMap(ApiCallRecorder::metadataName)
                    .orElse(null);
        }
        return ApiCall.resource(verb, apiGroup, resource, subresource, namespace, name);
    }

    private static Optional<String> queryValue(String query, String key) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(key)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> metadataName(String fieldSelector) {
        for (String requirement : fieldSelector.split(",")) {
            String r = requirement.trim();
            for (String prefix : List.of("metadata.name==", "metadata.name=")) {
                if (r.startsWith(prefix)) {
                    return Optional.of(r.substring(prefix.length()));
                }
            }
        }
        return Optional.empty();
    }
}
