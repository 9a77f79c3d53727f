package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The apiserver's node proxy on the fixture's dispatcher: {@code nodes/<n>/proxy/<path>} and {@code pods/<p>/log}
 * (to the kubelet's {@code containerLogs}) reach the kubelet through {@link KubeletDialer}, for fabric8 clients and
 * for tests ({@link #call}). The fabric8 mock answers whole responses only, so a {@code follow=true} log request gets
 * the log so far here; streaming and exec go through {@link ApiserverFrontDoor}.
 */
final class NodeProxy {
    private static final List<String> LOG_OPTIONS =
            List.of("follow", "previous", "sinceSeconds", "sinceTime", "timestamps", "tailLines", "limitBytes");

    private final ObjectStore store;
    private final ResourceTypes types;
    private final KubeletDialer dialer;
    private final HttpClient http;

    NodeProxy(ObjectStore store, ResourceTypes types, KubeletDialer dialer) {
        this.store = store;
        this.types = types;
        this.dialer = dialer;
        this.http = HttpClient.newBuilder()
                .sslContext(dialer.tls())
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    void register(ApiServerDispatcher dispatcher) {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            dispatcher.handle(method, "nodes", "proxy", this::nodeProxy);
        }
        dispatcher.handle("GET", "pods", "log", this::podLog);
    }

    /** Calls a Node's kubelet as the apiserver would; throws {@link KubeletUnreachableException} when it cannot. */
    KubeletResponse call(String node, String method, String pathAndQuery, String body) {
        JsonNode object = store.require(types.nodes(), null, node).object();
        KubeletDialer.Target target = dialer.resolve(object, pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(URI.create(target.url(pathAndQuery)))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new KubeletResponse(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new KubeletUnreachableException(
                    method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT) + " \""
                            + target.url(pathAndQuery) + "\": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeletUnreachableException("interrupted");
        }
    }

    private MockResponse nodeProxy(RecordedRequest request, ApiPath path, ResourceType type) {
        String pathAndQuery = (path.tail().isEmpty() ? "/" : path.tail()) + query(path.query(), List.of());
        byte[] body =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        try {
            KubeletResponse answer = call(
                    path.name(),
                    request.getMethod(),
                    pathAndQuery,
                    body.length == 0 ? null : new String(body, StandardCharsets.UTF_8));
            return new MockResponse().setResponseCode(answer.code()).setBody(answer.body());
        } catch (KubeletUnreachableException e) {
            throw ApiException.serviceUnavailable("error trying to reach service: " + e.getMessage());
        }
    }

    private MockResponse podLog(RecordedRequest request, ApiPath path, ResourceType pods) {
        JsonNode pod = store.require(pods, path.namespace(), path.name()).object();
        String kubeletPath = "/containerLogs/" + path.namespace() + "/" + path.name() + "/"
                + container(pod, path.param("container").orElse("")) + logOptions(path, false);
        String node = pod.path("spec").path("nodeName").asText("");
        if (node.isEmpty()) {
            throw ApiException.badRequest("pod " + path.name() + " does not have a host assigned");
        }
        try {
            KubeletResponse answer = call(node, "GET", kubeletPath, null);
            return new MockResponse()
                    .setResponseCode(answer.code())
                    .setHeader("Content-Type", "text/plain")
                    .setBody(answer.body());
        } catch (KubeletUnreachableException e) {
            throw ApiException.internal(e.getMessage());
        }
    }

    /** The container a pod subresource names, defaulted as the apiserver does when the Pod has only one. */
    static String container(JsonNode pod, String asked) {
        List<String> containers = names(pod.path("spec").path("containers"));
        List<String> init = names(pod.path("spec").path("initContainers"));
        String name = pod.path("metadata").path("name").asText();
        if (asked.isEmpty()) {
            if (containers.size() == 1) {
                return containers.get(0);
            }
            throw ApiException.badRequest("a container name must be specified for pod " + name + ", choose one of: "
                    + containers.toString().replace(",", "")
                    + (init.isEmpty()
                            ? ""
                            : " or one of the init containers: "
                                    + init.toString().replace(",", "")));
        }
        if (!containers.contains(asked) && !init.contains(asked)) {
            throw ApiException.badRequest("container " + asked + " is not valid for pod " + name);
        }
        return asked;
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        containers.forEach(c -> names.add(c.path("name").asText()));
        return names;
    }

    /** The PodLogOptions the apiserver passes on to the kubelet's containerLogs (it drops the rest, like pretty). */
    static String logOptions(ApiPath path, boolean follow) {
        Map<String, List<String>> kept = new java.util.LinkedHashMap<>(path.query());
        kept.keySet().retainAll(LOG_OPTIONS);
        if (!follow) {
            kept.remove("follow");
        }
        return query(kept, List.of());
    }

    static String query(Map<String, List<String>> query, List<String> dropped) {
        List<String> pairs = new ArrayList<>();
        query.forEach((key, values) -> {
            if (!dropped.contains(key)) {
                values.forEach(v -> pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(v, StandardCharsets.UTF_8)));
            }
        });
        return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
    }
}
