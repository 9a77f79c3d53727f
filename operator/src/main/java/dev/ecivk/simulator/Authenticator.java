package dev.ecivk.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a request's signature like Alibaba Cloud does: V3 {@code Authorization: ACS3-HMAC-SHA256 ...} or the V1
 * {@code Signature} parameter, against the configured AccessKey pairs, with one-time nonces and a 15-minute
 * timestamp window. Answers with Alibaba's codes. Shared by the embedded Alibaba Cloud products.
 */
public final class Authenticator {
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final Map<String, String> keys;
    private final Clock clock;
    private final Map<String, Instant> nonces = new ConcurrentHashMap<>();
    private volatile Instant nextPurge = Instant.EPOCH;

    public Authenticator(Map<String, String> keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    /** Returns the AccessKey id of a correctly signed request, or throws the error ECI would answer. */
    String verify(ApiRequest request) {
        String authorization = request.header("authorization");
        if (authorization != null && authorization.startsWith(Signatures.V3_ALGORITHM)) {
            return verifyV3(request, authorization);
        }
        Map<String, String> params = request.allParams();
        if (params.containsKey("Signature") || params.containsKey("AccessKeyId")) {
            return verifyV1(request, params);
        }
        throw new EciApiException(
                400,
                "MissingParameter",
                "The input parameter \"AccessKeyId\" that is mandatory for"
                        + " processing this request is not supplied.");
    }

    private String verifyV3(ApiRequest request, String authorization) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part :
                authorization.substring(Signatures.V3_ALGORITHM.length()).trim().split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String keyId = fields.get("Credential");
        String signedHeaderList = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (keyId == null || signedHeaderList == null || signature == null) {
            throw new EciApiException(400, "IncompleteSignature", "The Authorization header is incomplete.");
        }
        String secret = secretOf(keyId);
        String payloadHash = request.header("x-acs-content-sha256");
        if (payloadHash == null || !payloadHash.equalsIgnoreCase(Signatures.sha256Hex(request.body()))) {
            throw new EciApiException(
                    400, "SignatureDoesNotMatch", "The request body does not match" + " x-acs-content-sha256.");
        }
        Map<String, String> signedHeaders = new LinkedHashMap<>();
        boolean hasHost = false;
        for (String name : signedHeaderList.split(";")) {
            String lower = name.trim().toLowerCase(java.util.Locale.ROOT);
            hasHost |= lower.equals("host");
            String value = request.header(lower);
            if (value == null) {
                throw new EciApiException(400, "IncompleteSignature", "The signed header " + lower + " is missing.");
            }
            signedHeaders.put(lower, value);
        }
        for (String required :
                new String[] {"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256", "x-acs-action"}) {
            if (!signedHeaders.containsKey(required)) {
                throw new EciApiException(400, "IncompleteSignature", "The header " + required + " must be signed.");
            }
        }
        if (!hasHost) {
            throw new EciApiException(400, "IncompleteSignature", "The header host must be signed.");
        }
        String expected = Signatures.v3(
                Signatures.v3CanonicalRequest(
                        request.method(), request.path(), request.query(), signedHeaders, payloadHash),
                secret);
        if (!Signatures.same(expected, signature.toLowerCase(java.util.Locale.ROOT))) {
            throw new EciApiException(
                    400, "SignatureDoesNotMatch", "Specified signature does not match our" + " calculation.");
        }
        checkTimestamp(request.header("x-acs-date"));
        useNonce(request.header("x-acs-signature-nonce"));
        return keyId;
    }

    private String verifyV1(ApiRequest request, Map<String, String> params) {
        String keyId = params.get("AccessKeyId");
        String signature = params.get("Signature");
        if (keyId == null
                || signature == null
                || params.get("SignatureNonce") == null
                || params.get("Timestamp") == null) {
            throw new EciApiException(
                    400, "IncompleteSignature", "The request signature does not conform to Aliyun" + " standards.");
        }
        if (params.get("SignatureMethod") != null && !"HMAC-SHA1".equals(params.get("SignatureMethod"))) {
            throw new EciApiException(400, "InvalidParameter", "The specified SignatureMethod is not supported.");
        }
        String secret = secretOf(keyId);
        String expected = Signatures.v1(request.method(), params, secret);
        if (!Signatures.same(expected, signature)) {
            throw new EciApiException(
                    400, "SignatureDoesNotMatch", "Specified signature does not match our" + " calculation.");
        }
        checkTimestamp(params.get("Timestamp"));
        useNonce(params.get("SignatureNonce"));
        return keyId;
    }

    private String secretOf(String keyId) {
        String secret = keys.get(keyId);
        if (secret == null) {
            throw new EciApiException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        return secret;
    }

    private void checkTimestamp(String value) {
        if (value == null) {
            throw new EciApiException(
                    400,
                    "MissingParameter",
                    "The input parameter \"Timestamp\" that is mandatory"
                            + " for processing this request is not supplied.");
        }
        Instant t;
        try {
            t = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new EciApiException(
                    400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not" + " well formatted.");
        }
        Instant now = clock.instant();
        if (t.isBefore(now.minus(WINDOW)) || t.isAfter(now.plus(WINDOW))) {
            throw new EciApiException(
                    400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is" + " expired.");
        }
    }

    private void useNonce(String nonce) {
        if (nonce == null || nonce.isEmpty()) {
            throw new EciApiException(
                    400,
                    "MissingParameter",
                    "The input parameter \"SignatureNonce\" that is"
                            + " mandatory for processing this request is not supplied.");
        }
        Instant now = clock.instant();
        if (nonces.putIfAbsent(nonce, now.plus(WINDOW.multipliedBy(2))) != null) {
            throw new EciApiException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        if (now.isAfter(nextPurge)) {
            nextPurge = now.plusSeconds(60);
            nonces.values().removeIf(expiry -> expiry.isBefore(now));
        }
    }
}
