package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP face of the fixture's apiserver, in place of the fabric8 mock's CRUD dispatcher: discovery, get, list
 * (with real label and field selectors), watch (resuming from a resourceVersion), create, update, patch, delete,
 * and the subresources other parts of the fixture register (binding, eviction, token, log, node proxy).
 */
final class ApiServerDispatcher extends Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServerDispatcher.class);

    /** Serves one subresource, e.g. {@code POST pods/binding}. */
    interface SubresourceHandler {
        MockResponse handle(RecordedRequest request, ApiPath path, ResourceType type);
    }

    private final ObjectStore store;
    private final ResourceTypes types;
    private final ClusterSettings settings;
    private final ObjectWrites writes;
    private final Deletions deletions;
    private final Map<String, SubresourceHandler> subresources = new ConcurrentHashMap<>();

    ApiServerDispatcher(
            ObjectStore store,
            ResourceTypes types,
            ClusterSettings settings,
            ObjectWrites writes,
            Deletions deletions) {
        this.store = store;
        this.types = types;
        this.settings = settings;
        this.writes = writes;
        this.deletions = deletions;
    }

    /** Serves {@code method} on {@code <plural>/<name>/<subresource>}, e.g. ("POST", "pods", "binding"). */
    void handle(String method, String plural, String subresource, SubresourceHandler handler) {
        subresources.put(method + " " + plural + "/" + subresource, handler);
    }

    /** Serves POST of a collection that is not stored (TokenReview, SubjectAccessReview). */
    void handleCreate(String plural, SubresourceHandler handler) {
        subresources.put("POST " + plural + "/", handler);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        try {
            return route(request);
        } catch (ApiException e) {
            return json(e.code(), e.toStatus());
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.getMethod(), request.getPath(), e);
            return json(
                    500, ApiException.internal(String.valueOf(e.getMessage())).toStatus());
        }
    }

    private MockResponse route(RecordedRequest request) {
        ApiPath path = ApiPath.parse(request.getPath());
        String method = request.getMethod();
        if (!path.resourceRequest()) {
            return nonResource(path);
        }
        ResourceType type = types.find(path.group(), path.resource())
                .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
        if (path.name() == null && !type.namespaced() && path.namespace() != null) {
            throw ApiException.notFound("the server could not find the requested resource");
        }
        SubresourceHandler virtualCreate = subresources.get(method + " " + type.plural() + "/");
        if (virtualCreate != null && path.name() == null) {
            return virtualCreate.handle(request, path, type);
        }
        String sub = path.subresource();
        if (sub != null && !sub.equals("status")) {
            SubresourceHandler handler = subresources.get(method + " " + type.plural() + "/" + sub);
            if (handler == null) {
                throw ApiException.methodNotAllowed("the server does not allow this method on the requested resource");
            }
            return handler.handle(request, path, type);
        }
        boolean status = "status".equals(sub);
        String namespace = type.namespaced() ? path.namespace() : null;
        return switch (method) {
            case "GET" -> path.name() == null ? listOrWatch(path, type) : get(type, namespace, path.name());
            case "POST" -> {
                if (path.name() != null) {
                    throw ApiException.methodNotAllowed("POST is not allowed on a named object");
                }
                yield json(
                        201,
                        writes.create(type, namespace, body(request), manager(request, path))
                                .object());
            }
            case "PUT" ->
                json(
                        200,
                        writes.update(type, namespace, path.name(), status, body(request), manager(request, path))
                                .object());
            case "PATCH" ->
                json(
                        200,
                        writes.patch(
                                        type,
                                        namespace,
                                        path.name(),
                                        status,
                                        request.getHeader("Content-Type"),
                                        parse(request),
                                        manager(request, path))
                                .object());
            case "DELETE" -> delete(request, path, type, namespace);
            default -> throw ApiException.methodNotAllowed(method + " is not supported");
        };
    }

    /** The field manager of a write: none when the fixture does not keep managedFields. */
    private String manager(RecordedRequest request, ApiPath path) {
        return settings.on(Behaviour.MANAGED_FIELDS) ? ManagedFields.manager(request, path) : null;
    }

    private MockResponse get(ResourceType type, String namespace, String name) {
        return json(200, store.require(type, namespace, name).json());
    }

    private MockResponse listOrWatch(ApiPath path, ResourceType type) {
        Predicate<JsonNode> selector = Selectors.predicate(
                type,
                path.param("labelSelector").orElse(null),
                path.param("fieldSelector").orElse(null),
                settings.on(Behaviour.FIELD_SELECTORS));
        String namespace = type.namespaced() ? path.namespace() : null;
        if (path.isWatch()) {
            WatchStream stream = new WatchStream(store, type, namespace, selector);
            String from = path.param("resourceVersion").orElse("");
            if (from.isEmpty() || from.equals("0")) {
                stream.startFromNow();
            } else {
                stream.startFrom(resourceVersion(from));
            }
            return new MockResponse().withWebSocketUpgrade(stream);
        }
        ObjectStore.Snapshot snapshot = store.list(type, namespace, selector);
        StringBuilder items = new StringBuilder();
        for (StoredObject o : snapshot.items()) {
            if (items.length() > 0) {
                items.append(',');
            }
            items.append(o.json());
        }
        String list = "{\"apiVersion\":\"" + type.apiVersion() + "\",\"kind\":\"" + type.kind()
                + "List\",\"metadata\":{\"resourceVersion\":\"" + snapshot.resourceVersion() + "\"},\"items\":["
                + items + "]}";
        return json(200, list);
    }

    private static long resourceVersion(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("resourceVersion: Invalid value: \"" + value + "\"");
        }
    }

    private MockResponse delete(RecordedRequest request, ApiPath path, ResourceType type, String namespace) {
        JsonNode body = request.getBody() == null || request.getBody().size() == 0
                ? JsonNodeFactory.instance.objectNode()
                : body(request);
        Deletions.Options options = Deletions.Options.from(body, path);
        if (path.name() == null) {
            Predicate<JsonNode> selector = Selectors.predicate(
                    type,
                    path.param("labelSelector").orElse(null),
                    path.param("fieldSelector").orElse(null),
                    settings.on(Behaviour.FIELD_SELECTORS));
            List<StoredObject> deleted = deletions.deleteCollection(type, namespace, selector, options);
            ObjectNode list = JsonNodeFactory.instance
                    .objectNode()
                    .put("apiVersion", type.apiVersion())
                    .put("kind", type.kind() + "List");
            deleted.forEach(o -> list.withArray("items").add(o.object()));
            return json(200, list);
        }
        return json(200, deletions.delete(type, namespace, path.name(), options).object());
    }

    private MockResponse nonResource(ApiPath path) {
        String p = path.tail();
        if (path.group() != null) {
            return types.resourceList(path.group(), path.version())
                    .map(doc -> json(200, doc))
                    .orElseThrow(() -> ApiException.notFound("the server could not find the requested resource"));
        }
        return switch (p) {
            case "/api", "/api/" -> json(200, types.coreVersions());
            case "/apis", "/apis/" -> json(200, types.groupList());
            case "/version", "/version/" ->
                json(
                        200,
                        JsonNodeFactory.instance
                                .objectNode()
                                .put("major", "1")
                                .put("minor", "36")
                                .put("gitVersion", "v1.36.0")
                                .put("platform", "linux/amd64"));
            case "/healthz", "/readyz", "/livez" ->
                new MockResponse().setResponseCode(200).setBody("ok");
            default -> throw ApiException.notFound("the server could not find the requested resource");
        };
    }

    /** The request's JSON object; 400 when it is not one. */
    static ObjectNode body(RecordedRequest request) {
        JsonNode node = parse(request);
        if (!node.isObject()) {
            throw ApiException.badRequest("the request body is not a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The request's JSON document: an object, or the operation list of a JSON patch. */
    static JsonNode parse(RecordedRequest request) {
        byte[] bytes =
                request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        try {
            JsonNode node = StoredObject.MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (node == null || node.isMissingNode()) {
                throw ApiException.badRequest("the request has no body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    static MockResponse json(int code, JsonNode body) {
        return json(code, body.toString());
    }

    static MockResponse json(int code, String body) {
        return new MockResponse()
                .setResponseCode(code)
                .setHeader("Content-Type", "application/json")
                .setBody(body);
    }
}
