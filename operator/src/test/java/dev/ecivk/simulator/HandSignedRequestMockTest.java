package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Plain {@code java.net.http} requests, signed by hand in this test (no SDK), against a simulator whose clock is
 * fixed so the signed date is always current.
 */
class HandSignedRequestMockTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DATE = "2026-11-22T10:00:00Z";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EciSimulator sim;

    @BeforeAll
    static void start() {
        sim = EciSimulator.start(SimulatorSettings.builder()
                .clock(Clock.fixed(Instant.parse(DATE), ZoneOffset.UTC))
                .build());
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    record Reply(int status, JsonNode body) {}

    static Reply v1(String method, Map<String, String> business, String secret, String nonce) throws Exception {
        Map<String, String> params = new TreeMap<>(business);
        params.put("Format", "JSON");
        params.put("Version", "2018-08-08");
        params.put("AccessKeyId", "simulator");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureVersion", "1.0");
        params.put("SignatureNonce", nonce);
        params.put("Timestamp", DATE);
        String canonical = params.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String signature = Base64.getEncoder()
                .encodeToString(mac.doFinal((method + "&%2F&" + enc(canonical)).getBytes(StandardCharsets.UTF_8)));
        String query = canonical + "&Signature=" + enc(signature);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + "/?" + query))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body()));
    }

    static Reply v3(String action, Map<String, String> query, String nonce, boolean tamper) throws Exception {
        String payloadHash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", sim.endpoint());
        headers.put("x-acs-action", action);
        headers.put("x-acs-content-sha256", payloadHash);
        headers.put("x-acs-date", DATE);
        headers.put("x-acs-signature-nonce", nonce);
        headers.put("x-acs-version", "2018-08-08");
        String canonicalQuery = new TreeMap<>(query)
                .entrySet().stream()
                        .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                        .collect(Collectors.joining("&"));
        String canonicalHeaders = headers.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining());
        String signed = String.join(";", headers.keySet());
        String canonicalRequest =
                "POST\n/\n" + canonicalQuery + "\n" + canonicalHeaders + "\n" + signed + "\n" + payloadHash;
        String stringToSign = "ACS3-HMAC-SHA256\n"
                + HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("simulator-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        String sentQuery = tamper ? canonicalQuery + "&Extra=1" : canonicalQuery;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + "/?" + sentQuery))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header(
                        "Authorization",
                        "ACS3-HMAC-SHA256 Credential=simulator,SignedHeaders=" + signed + ",Signature=" + signature);
        headers.forEach((k, v) -> {
            if (!k.equals("host")) {
                b.header(k, v);
            }
        });
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(res.statusCode(), JSON.readTree(res.body()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    @Test
    void aHandSignedV1RequestGetsACorrectAnswer() throws Exception {
        Reply regions = v1(
                "GET",
                Map.of("Action", "DescribeRegions", "RegionId", "cn-hangzhou"),
                "simulator-secret",
                UUID.randomUUID().toString());
        assertThat(regions.status()).isEqualTo(200);
        assertThat(regions.body().path("RequestId").asText()).isNotEmpty();
        assertThat(regions.body().path("Regions").get(0).path("RegionId").asText())
                .isEqualTo("cn-hangzhou");

        Map<String, String> create = new TreeMap<>();
        create.put("Action", "CreateContainerGroup");
        create.put("RegionId", "cn-hangzhou");
        create.put("ContainerGroupName", "hand-signed");
        create.put("SecurityGroupId", "sg-1");
        create.put("VSwitchId", "vsw-sim-b");
        create.put("Container.1.Name", "c");
        create.put("Container.1.Image", "busybox");
        create.put("Container.1.Command.1", "sh");
        create.put("Container.1.Command.2", "-c");
        create.put("Container.1.Command.3", "echo 'a b'; exit 0");
        Reply created = v1("POST", create, "simulator-secret", UUID.randomUUID().toString());
        assertThat(created.status()).isEqualTo(200);
        String id = created.body().path("ContainerGroupId").asText();
        assertThat(id).startsWith("eci-");

        Reply described = v1(
                "GET",
                Map.of(
                        "Action",
                        "DescribeContainerGroups",
                        "RegionId",
                        "cn-hangzhou",
                        "ContainerGroupIds",
                        "[\"" + id + "\"]"),
                "simulator-secret",
                UUID.randomUUID().toString());
        JsonNode group = described.body().path("ContainerGroups").get(0);
        assertThat(described.body().path("TotalCount").asInt()).isEqualTo(1);
        assertThat(group.path("ZoneId").asText()).isEqualTo("cn-hangzhou-b");
        assertThat(group.path("Status").asText()).isEqualTo("Pending");
        assertThat(group.path("CreationTime").asText()).isEqualTo(DATE);
        assertThat(group.path("Containers").get(0).path("Commands").get(2).asText())
                .isEqualTo("echo 'a b'; exit 0");
    }

    @Test
    void v1ErrorsUseAlibabaCodes() throws Exception {
        Map<String, String> regions = Map.of("Action", "DescribeRegions", "RegionId", "cn-hangzhou");
        Reply wrong = v1("GET", regions, "wrong-secret", UUID.randomUUID().toString());
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.body().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
        assertThat(wrong.body().path("RequestId").asText()).isNotEmpty();

        String nonce = UUID.randomUUID().toString();
        assertThat(v1("GET", regions, "simulator-secret", nonce).status()).isEqualTo(200);
        Reply replay = v1("GET", regions, "simulator-secret", nonce);
        assertThat(replay.body().path("Code").asText()).isEqualTo("SignatureNonceUsed");

        Reply unknownAction = v1(
                "GET",
                Map.of("Action", "LaunchRockets", "RegionId", "cn-hangzhou"),
                "simulator-secret",
                UUID.randomUUID().toString());
        assertThat(unknownAction.body().path("Code").asText()).isEqualTo("InvalidAction.NotFound");
    }

    @Test
    void aHandSignedV3RequestIsVerified() throws Exception {
        Reply ok = v3("DescribeContainerGroups", Map.of("RegionId", "cn-hangzhou", "Limit", "20"), "n-1", false);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().has("TotalCount")).isTrue();

        Reply replay = v3("DescribeContainerGroups", Map.of("RegionId", "cn-hangzhou", "Limit", "20"), "n-1", false);
        assertThat(replay.body().path("Code").asText()).isEqualTo("SignatureNonceUsed");

        Reply tampered = v3("DescribeContainerGroups", Map.of("RegionId", "cn-hangzhou"), "n-2", true);
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.body().path("Code").asText()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void anIncompleteAuthorizationHeaderIsRejected() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + sim.endpoint() + "/?RegionId=cn-hangzhou"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("x-acs-action", "DescribeRegions")
                .header("Authorization", "ACS3-HMAC-SHA256 Credential=simulator")
                .build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("Code").asText()).isEqualTo("IncompleteSignature");
    }
}
