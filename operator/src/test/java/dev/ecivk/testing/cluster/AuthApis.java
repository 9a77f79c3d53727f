package dev.ecivk.testing.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authentication and authorization APIs a kubelet calls: TokenRequest ({@code serviceaccounts/<sa>/token}: a
 * JWT-shaped bound token with its expirationTimestamp; the fabric8 mock stores the request and returns it without a
 * token), TokenReview (tokens this cluster issued, and the fixture client's own, are valid until they expire) and
 * SubjectAccessReview (everything is allowed: the fixture models no RBAC).
 */
final class AuthApis {
    static final String ISSUER = "https://kubernetes.default.svc.cluster.local";
    /** The bearer token the fabric8 mock server's clients send, reviewed as the cluster admin. */
    static final String ADMIN_TOKEN = "secret";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** Who a token stands for and until when. */
    private record Issued(String user, String uid, String namespace, Instant expires, JsonNode audiences) {}

    private final ObjectStore store;
    private final ResourceTypes types;
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();

    AuthApis(ObjectStore store, ResourceTypes types) {
        this.store = store;
        this.types = types;
    }

    void register(ApiServerDispatcher dispatcher) {
        dispatcher.handle("POST", "serviceaccounts", "token", this::tokenRequest);
        dispatcher.handleCreate("tokenreviews", this::tokenReview);
        dispatcher.handleCreate("subjectaccessreviews", this::accessReview);
        dispatcher.handleCreate("selfsubjectaccessreviews", this::accessReview);
    }

    private MockResponse tokenRequest(RecordedRequest request, ApiPath path, ResourceType type) {
        ObjectNode body = ApiServerDispatcher.body(request);
        StoredObject account = store.require(type, path.namespace(), path.name());
        ObjectNode spec = body.with("spec");
        long seconds = spec.path("expirationSeconds").asLong(3600);
        if (seconds < 600) {
            throw ApiException.invalid(
                    type,
                    path.name(),
                    "spec.expirationSeconds: Invalid value: " + seconds
                            + ": may not specify a duration less than 10 minutes");
        }
        spec.put("expirationSeconds", seconds);
        if (spec.path("audiences").isEmpty()) {
            spec.putArray("audiences").add(ISSUER);
        }
        ObjectNode claims = StoredObject.MAPPER.createObjectNode();
        JsonNode bound = spec.path("boundObjectRef");
        if (bound.path("kind").asText().equals("Pod")) {
            StoredObject pod = store.require(
                    types.pods(), path.namespace(), bound.path("name").asText());
            String uid = bound.path("uid").asText("");
            if (!uid.isEmpty() && !uid.equals(pod.uid())) {
                throw ApiException.conflict(
                        type,
                        path.name(),
                        "the UID in the bound object reference (" + uid
                                + ") does not match the UID in record. The object might have been deleted and then recreated");
            }
            claims.with("kubernetes.io")
                    .putObject("pod")
                    .put("name", pod.name())
                    .put("uid", pod.uid());
        }
        Instant now = store.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        Instant expires = now.plusSeconds(seconds);
        String user = "system:serviceaccount:" + path.namespace() + ":" + path.name();
        claims.set("aud", spec.get("audiences"));
        claims.put("exp", expires.getEpochSecond())
                .put("iat", now.getEpochSecond())
                .put("nbf", now.getEpochSecond())
                .put("iss", ISSUER)
                .put("jti", UUID.randomUUID().toString())
                .put("sub", user);
        ObjectNode k8s = claims.with("kubernetes.io").put("namespace", path.namespace());
        k8s.putObject("serviceaccount").put("name", path.name()).put("uid", account.uid());
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        String token = B64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"cluster\"}".getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(signature);
        tokens.put(token, new Issued(user, account.uid(), path.namespace(), expires, spec.get("audiences")));
        body.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenRequest");
        body.with("metadata")
                .put("name", path.name())
                .put("namespace", path.namespace())
                .put("creationTimestamp", now.toString());
        body.with("status").put("token", token).put("expirationTimestamp", expires.toString());
        return ApiServerDispatcher.json(201, body);
    }

    private MockResponse tokenReview(RecordedRequest request, ApiPath path, ResourceType type) {
        ObjectNode review = ApiServerDispatcher.body(request);
        String token = review.path("spec").path("token").asText("");
        ObjectNode status = review.putObject("status");
        Issued issued = tokens.get(token);
        if (token.equals(ADMIN_TOKEN)) {
            status.put("authenticated", true);
            ObjectNode user = status.putObject("user").put("username", "kubernetes-admin");
            user.putArray("groups").add("system:masters").add("system:authenticated");
        } else if (issued == null) {
            status.put("authenticated", false).put("error", "invalid bearer token");
        } else if (!store.clock().instant().isBefore(issued.expires())) {
            status.put("authenticated", false).put("error", "invalid bearer token, token has expired");
        } else {
            status.put("authenticated", true);
            ObjectNode user =
                    status.putObject("user").put("username", issued.user()).put("uid", issued.uid());
            user.putArray("groups")
                    .add("system:serviceaccounts")
                    .add("system:serviceaccounts:" + issued.namespace())
                    .add("system:authenticated");
            status.set("audiences", issued.audiences());
        }
        return ApiServerDispatcher.json(201, review);
    }

    private MockResponse accessReview(RecordedRequest request, ApiPath path, ResourceType type) {
        ObjectNode review = ApiServerDispatcher.body(request);
        review.putObject("status").put("allowed", true).put("reason", "the test cluster authorizes every request");
        return ApiServerDispatcher.json(201, review);
    }
}
