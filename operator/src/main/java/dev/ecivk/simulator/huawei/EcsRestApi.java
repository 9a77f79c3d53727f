package dev.ecivk.simulator.huawei;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.simulator.SimCounters;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The REST calls of Huawei Cloud ECS the VM backend uses, behind the API gateway's checks (an existing API, a valid
 * AK/SK signature, the project of the path, injected faults):
 *
 * <pre>
 * POST /v1/{project_id}/cloudservers          CreatePostPaidServers → job_id, serverIds (X-Client-Token idempotent)
 * POST /v1.1/{project_id}/cloudservers        CreateServers      (the same, for either billing mode)
 * POST /v1/{project_id}/cloudservers/delete   DeleteServers      → job_id
 * GET  /v1/{project_id}/jobs/{job_id}         ShowJob
 * GET  /v1/{project_id}/cloudservers/detail   ListServersDetails (tags, not-tags, name, status, flavor, limit,
 *                                                                  offset, marker; or server_id=…&amp;server_id=…)
 * GET  /v1/{project_id}/cloudservers/{id}     ShowServer
 * GET  /v1/{project_id}/cloudservers/flavors  ListFlavors        (availability_zone)
 * </pre>
 */
final class EcsRestApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROUTE =
            Pattern.compile("/(v1|v1\\.1)/([^/]+)/(cloudservers(?:/([^/]+))?|jobs/([^/]+))/?");

    /** A status and a JSON body. */
    record Answer(int status, Object body) {}

    private final HuaweiSimSettings settings;
    private final AkSkVerifier verifier;
    private final FaultRules faults;
    private final SimCounters counters;
    private final ServerStore store;
    private final CreateValidation validation;
    private final Clock clock;

    EcsRestApi(HuaweiSimSettings settings, FaultRules faults, SimCounters counters, ServerStore store) {
        this.settings = settings;
        this.verifier = new AkSkVerifier(settings.accessKeys(), settings.clock());
        this.faults = faults;
        this.counters = counters;
        this.store = store;
        this.validation = new CreateValidation(settings);
        this.clock = settings.clock();
    }

    Answer handle(RestRequest request, String requestId) {
        String operation = null;
        try {
            Matcher m = ROUTE.matcher(request.path());
            operation = m.matches() ? operation(request.method(), m.group(1), m.group(3), m.group(4)) : null;
            if (operation == null) {
                throw new HuaweiApiException(
                        404, "APIGW.0101", "The API does not exist or has not been published in the environment.");
            }
            counters.call(operation);
            verifier.verify(request);
            checkProject(m.group(2), request.header("x-project-id"));
            FaultRules.Hit hit = faults.onRequest(operation);
            if (hit != null) {
                pause(hit.latencyMillis());
                if (hit.error() != null) {
                    throw hit.error();
                }
            }
            Object result = dispatch(operation, request, m);
            return result instanceof Answer a ? a : new Answer(200, result);
        } catch (HuaweiApiException e) {
            counters.error(operation == null ? "unknown" : operation, e.code());
            return new Answer(e.status(), e.body(requestId));
        }
    }

    private static String operation(String method, String version, String resource, String id) {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (version.equals("v1.1")) {
            return post && id == null ? "CreateServers" : null; // the create for both billing modes
        }
        if (resource.startsWith("jobs/")) {
            return get ? "ShowJob" : null;
        }
        if (id == null) {
            return post ? "CreatePostPaidServers" : null;
        }
        return switch (id) {
            case "delete" -> post ? "DeleteServers" : null;
            case "detail" -> get ? "ListServersDetails" : null;
            case "flavors" -> get ? "ListFlavors" : null;
            default -> get ? "ShowServer" : null;
        };
    }

    private void checkProject(String pathProject, String headerProject) {
        if (headerProject != null && !headerProject.equals(settings.projectId())) {
            throw new HuaweiApiException(
                    401, "APIGW.0301", "Incorrect IAM authentication information: the project is not found.");
        }
        if (!pathProject.equals(settings.projectId())) {
            throw HuaweiApiException.badRequest(
                    "Common.0018", "The project_id in the URL does not match the project of the request.");
        }
    }

    private Object dispatch(String operation, RestRequest request, Matcher route) {
        return switch (operation) {
            case "CreatePostPaidServers", "CreateServers" -> create(request);
            case "DeleteServers" -> delete(request);
            case "ShowJob" -> store.job(route.group(5), clock.instant());
            case "ShowServer" -> store.show(route.group(4), clock.instant());
            case "ListServersDetails" -> list(request);
            case "ListFlavors" -> flavors(request);
            default -> throw new IllegalStateException(operation);
        };
    }

    private Object create(RestRequest request) {
        JsonNode body = body(request);
        if (body.path("dry_run").asBoolean(false)) {
            validation.validate(body); // a dry run that passes is answered 202 with nothing created
            return new Answer(202, Map.of());
        }
        ServerSpec spec = validation.validate(body);
        return store.create(spec, body, request.header("x-client-token"), clock.instant());
    }

    private Object delete(RestRequest request) {
        JsonNode servers = body(request).get("servers");
        if (servers == null || !servers.isArray() || servers.isEmpty()) {
            throw HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: servers must list 1 to 1000 ids.");
        }
        if (servers.size() > 1000) {
            throw HuaweiApiException.badRequest("Ecs.0118", "At most 1000 servers can be deleted at once.");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode s : servers) {
            String id = CreateValidation.text(s, "id");
            if (id == null || id.isEmpty()) {
                throw HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: every server needs an id.");
            }
            ids.add(id);
        }
        return store.delete(ids, clock.instant());
    }

    private Object list(RestRequest request) {
        List<String> ids = request.params("server_id");
        if (!ids.isEmpty()) {
            return store.byIds(ids, clock.instant());
        }
        int limit = intParam(request, "limit", ServerQuery.DEFAULT_LIMIT);
        if (limit < 0 || limit > ServerQuery.MAX_LIMIT) {
            throw HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: limit must be 0 to 1000.");
        }
        int page = intParam(request, "offset", 1);
        if (page < 0) {
            throw HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: offset must not be negative.");
        }
        ServerQuery q = new ServerQuery(
                limit == 0 ? ServerQuery.DEFAULT_LIMIT : limit,
                page,
                request.param("marker"),
                request.param("tags"),
                request.param("not-tags"),
                request.param("name"),
                request.param("status"),
                request.param("flavor"));
        return store.list(q, clock.instant());
    }

    private Object flavors(RestRequest request) {
        String zone = request.param("availability_zone");
        if (zone != null && !settings.zones().contains(zone)) {
            throw HuaweiApiException.badRequest(
                    "Ecs.0005", "Invalid parameters: availability_zone " + zone + " does not exist.");
        }
        List<Object> out = new ArrayList<>();
        settings.flavors().forEach(f -> out.add(ServerJson.flavor(f, settings.zones())));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flavors", out);
        return answer;
    }

    private static int intParam(RestRequest request, String name, int dflt) {
        String v = request.param(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw HuaweiApiException.badRequest("Ecs.0005", "Invalid parameters: " + name + " must be a number.");
        }
    }

    private static JsonNode body(RestRequest request) {
        try {
            JsonNode n = JSON.readTree(request.body());
            if (n == null || !n.isObject()) {
                throw HuaweiApiException.badRequest("Ecs.0000", "Request body is invalid: a JSON object is expected.");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw HuaweiApiException.badRequest("Ecs.0000", "Request body is invalid: it is not JSON.");
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
