package dev.ecivk.simulator.ecs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.simulator.Signatures;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded ECS over plain HTTP, without the SDK: Alibaba Cloud's documented V1 signature example (DescribeRegions,
 * AccessKey {@code testid}/{@code testsecret}, signed 2016-02-23T12:46:24Z) is accepted on a clock fixed at its
 * date, a tampered or replayed one is refused with ECS's codes, and the admin API steers stock, faults and locks.
 */
class EcsSimulatorMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String DOCUMENTED_DATE = "2016-02-23T12:46:24Z";
    private static EcsSimulator sim;

    @BeforeAll
    static void start() {
        sim = EcsSimulator.start(EcsSimulatorSettings.builder()
                .accessKey("testid", "testsecret")
                .clock(Clock.fixed(Instant.parse(DOCUMENTED_DATE), ZoneOffset.UTC))
                .build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    record Reply(int status, JsonNode body) {}

    private static Map<String, String> documentedExample(String nonce) {
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeRegions");
        params.put("Format", "XML");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", nonce);
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", DOCUMENTED_DATE);
        params.put("Version", "2014-05-26");
        return params;
    }

    private static Reply get(Map<String, String> params, String signature) throws Exception {
        String query = params.entrySet().stream()
                .map(e -> Signatures.percentEncode(e.getKey()) + "=" + Signatures.percentEncode(e.getValue()))
                .collect(Collectors.joining("&"));
        query += "&Signature=" + Signatures.percentEncode(signature);
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + "/?" + query))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    private static Reply admin(String method, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    void theDocumentedV1ExampleIsAcceptedOnceAndATamperedOneRefused() throws Exception {
        String nonce = "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf";
        Reply ok = get(documentedExample(nonce), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body()
                        .path("Regions")
                        .path("Region")
                        .get(0)
                        .path("RegionId")
                        .asText())
                .isEqualTo("cn-hangzhou");
        assertThat(ok.body().path("RequestId").asText()).isNotEmpty();

        Reply replay = get(documentedExample(nonce), "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.body().path("Code").asText()).isEqualTo("SignatureNonceUsed");

        Map<String, String> tampered = documentedExample("another-nonce");
        Reply bad = get(tampered, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(bad.body().path("HostId").asText()).isEqualTo("ecs.cn-hangzhou.aliyuncs.com");

        Map<String, String> signed = documentedExample("a-third-nonce");
        assertThat(get(signed, Signatures.v1("GET", signed, "testsecret")).status())
                .isEqualTo(200);
    }

    @Test
    void anUnknownActionIsRefusedWithEcsCode() throws Exception {
        Map<String, String> params = documentedExample("nonce-unknown-action");
        params.put("Action", "CreateContainerGroup");

        Reply r = get(params, Signatures.v1("GET", params, "testsecret"));

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().path("Code").asText()).isEqualTo("InvalidAction.NotFound");
    }

    @Test
    void theAdminApiSetsStockInjectsFaultsAndAnswersUnknownPathsWith404() throws Exception {
        Reply stock = admin(
                "POST", "/_sim/stock", "{\"zoneId\":\"cn-hangzhou-a\",\"instanceType\":\"ecs.g7.large\",\"stock\":0}");
        assertThat(stock.status()).isEqualTo(200);
        assertThat(stock.body().path("cn-hangzhou-a/ecs.g7.large").asInt(-1)).isZero();
        assertThat(sim.stock()).containsEntry("cn-hangzhou-a/ecs.g7.large", 0);

        Reply fault = admin(
                "POST",
                "/_sim/faults",
                "{\"action\":\"RunInstances\",\"code\":\"Throttling.Resource\",\"httpStatus\":429}");
        assertThat(fault.status()).isEqualTo(200);
        assertThat(sim.faults()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("Throttling.Resource");
            assertThat(f.httpStatus()).isEqualTo(429);
        });
        assertThat(admin("DELETE", "/_sim/faults", null).status()).isEqualTo(200);
        assertThat(sim.faults()).isEmpty();

        assertThat(admin("GET", "/_sim/instances", null)
                        .body()
                        .path("Instances")
                        .isArray())
                .isTrue();
        assertThat(admin("POST", "/_sim/lock", "{\"instanceId\":\"i-nobody\",\"reason\":\"security\"}")
                        .status())
                .isEqualTo(404);
        assertThat(admin("GET", "/_sim/nothing", null).status()).isEqualTo(404);
        assertThat(admin("POST", "/_sim/stock", "{}").status()).isEqualTo(400);
        assertThat(admin("POST", "/_sim/reset", null).status()).isEqualTo(200);
        assertThat(sim.stock()).isEmpty();
    }
}
