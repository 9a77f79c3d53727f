package dev.ecivk.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Fixed vectors for both request signatures. The expected values are computed here, independently of {@link
 * Signatures}, straight from Alibaba Cloud's documented definitions (and, for V1, the documentation's own example).
 */
class SignaturesTest {

    /** Alibaba Cloud's documented V1 example: DescribeRegions signed with secret "testsecret". */
    @Test
    void percentEncodingKeepsOnlyTheUnreservedCharactersAsTheyAre() {
        assertThat(Signatures.percentEncode("Container.1.Name-a_b~c")).isEqualTo("Container.1.Name-a_b~c");
        assertThat(Signatures.percentEncode("a b*c/d+e=f")).isEqualTo("a%20b%2Ac%2Fd%2Be%3Df");
        assertThat(Signatures.percentEncode("ü")).isEqualTo("%C3%BC");
        assertThat(Signatures.percentEncode("")).isEmpty();
    }

    @Test
    void v1MatchesTheDocumentedExample() {
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", "testid");
        params.put("Action", "DescribeRegions");
        params.put("Format", "XML");
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf");
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", "2016-02-23T12:46:24Z");
        params.put("Version", "2014-05-26");
        assertThat(Signatures.v1("GET", params, "testsecret")).isEqualTo("OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    }

    @Test
    void v1WithSpecialCharactersMatchesAnIndependentComputation() throws Exception {
        Map<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", "simulator");
        params.put("Action", "CreateContainerGroup");
        params.put("Container.1.Arg.1", "echo a b*c~d; exit 3");
        params.put("Tag.1.Value", "ü/+=");
        params.put("SignatureNonce", "nonce-1");
        params.put("Timestamp", "2026-11-22T10:00:00Z");
        String canonical = params.entrySet().stream()
                .map(e -> rfc3986(e.getKey()) + "=" + rfc3986(e.getValue()))
                .collect(Collectors.joining("&"));
        String stringToSign = "POST&" + rfc3986("/") + "&" + rfc3986(canonical);
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec("simulator-secret&".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        String expected =
                Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));

        assertThat(Signatures.v1("POST", params, "simulator-secret")).isEqualTo(expected);
        assertThat(Signatures.percentEncode("a b*c~d")).isEqualTo("a%20b%2Ac~d");
    }

    @Test
    void v3MatchesAnIndependentComputationWithFixedNonceAndDate() throws Exception {
        Map<String, String> query = new TreeMap<>(Map.of("RegionId", "cn-hangzhou", "Limit", "20", "Tag.1.Key", "a b"));
        String payloadHash = hex(MessageDigest.getInstance("SHA-256").digest(new byte[0]));
        Map<String, String> headers = new TreeMap<>();
        headers.put("host", "127.0.0.1:8080");
        headers.put("x-acs-action", "DescribeContainerGroups");
        headers.put("x-acs-content-sha256", payloadHash);
        headers.put("x-acs-date", "2026-11-22T10:00:00Z");
        headers.put("x-acs-signature-nonce", "0f1e2d3c4b5a");
        headers.put("x-acs-version", "2018-08-08");

        String canonicalRequest = "POST\n/\n"
                + "Limit=20&RegionId=cn-hangzhou&Tag.1.Key=a%20b\n"
                + "host:127.0.0.1:8080\n"
                + "x-acs-action:DescribeContainerGroups\n"
                + "x-acs-content-sha256:" + payloadHash + "\n"
                + "x-acs-date:2026-11-22T10:00:00Z\n"
                + "x-acs-signature-nonce:0f1e2d3c4b5a\n"
                + "x-acs-version:2018-08-08\n"
                + "\n"
                + "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n"
                + payloadHash;
        String stringToSign = "ACS3-HMAC-SHA256\n"
                + hex(MessageDigest.getInstance("SHA-256").digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("simulator-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = hex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));

        String ours = Signatures.v3CanonicalRequest("POST", "/", query, headers, payloadHash);
        assertThat(ours).isEqualTo(canonicalRequest);
        assertThat(Signatures.v3(ours, "simulator-secret")).isEqualTo(expected);
        assertThat(payloadHash).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    private static String rfc3986(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
