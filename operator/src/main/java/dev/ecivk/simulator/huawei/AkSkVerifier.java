package dev.ecivk.simulator.huawei;

import dev.ecivk.simulator.Signatures;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks Huawei Cloud's AK/SK request signature ({@code SDK-HMAC-SHA256}) as its API gateway does, written from the
 * documented algorithm:
 *
 * <pre>
 * CanonicalRequest = METHOD \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n SignedHeaders \n hex(SHA256(body))
 * StringToSign     = "SDK-HMAC-SHA256" \n X-Sdk-Date \n hex(SHA256(CanonicalRequest))
 * Signature        = hex(HMAC-SHA256(SK, StringToSign))
 * Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=h1;h2, Signature=…
 * </pre>
 *
 * The canonical URI is the path with every segment percent-encoded (RFC 3986) and a trailing {@code /}; the canonical
 * query sorts parameters by encoded name and keeps repeated values in the order sent; canonical headers are {@code
 * name:trimmed-value} lines of the signed headers, names in lower case. {@code X-Sdk-Date} ({@code
 * yyyyMMdd'T'HHmmss'Z'}) must be within 15 minutes of the gateway's clock. Failures answer {@code 401 APIGW.0301}.
 */
final class AkSkVerifier {
    static final String ALGORITHM = "SDK-HMAC-SHA256";
    static final DateTimeFormatter SDK_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final Map<String, String> secrets;
    private final Clock clock;

    AkSkVerifier(Map<String, String> secrets, Clock clock) {
        this.secrets = Map.copyOf(secrets);
        this.clock = clock;
    }

    /** The AK of a correctly signed request; otherwise the gateway's error. */
    String verify(RestRequest request) {
        String authorization = request.header("authorization");
        if (authorization == null || authorization.isBlank()) {
            throw denied("Authorization header is missing");
        }
        if (!authorization.startsWith(ALGORITHM + " ")) {
            throw denied("the signing algorithm is not supported");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : authorization.substring(ALGORITHM.length()).split(",")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
            }
        }
        String ak = fields.get("Access");
        String signedHeaders = fields.get("SignedHeaders");
        String signature = fields.get("Signature");
        if (ak == null || signedHeaders == null || signature == null) {
            throw denied("the Authorization header is incomplete");
        }
        String sk = secrets.get(ak);
        if (sk == null) {
            throw denied("the access key does not exist");
        }
        List<String> names = List.of(signedHeaders.toLowerCase(Locale.ROOT).split(";"));
        if (!names.contains("host") || !names.contains("x-sdk-date")) {
            throw denied("host and x-sdk-date must be signed");
        }
        String date = request.header("x-sdk-date");
        String expected = signature(sk, date, canonicalRequest(request, names));
        if (!MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8))) {
            throw denied("verify aksk signature fail");
        }
        checkDate(date);
        return ak;
    }

    /** The canonical request of {@code request} over the headers named in {@code signedHeaders} (lower case). */
    static String canonicalRequest(RestRequest request, List<String> signedHeaders) {
        StringBuilder headers = new StringBuilder();
        for (String name : signedHeaders) {
            String value = request.header(name);
            if (value == null) {
                throw denied("the signed header " + name + " is missing");
            }
            headers.append(name).append(':').append(value.trim()).append('\n');
        }
        String payloadHash = request.header("x-sdk-content-sha256");
        if (payloadHash == null) {
            payloadHash = Signatures.sha256Hex(request.body());
        }
        return request.method().toUpperCase(Locale.ROOT) + "\n" + canonicalUri(request.path()) + "\n"
                + canonicalQuery(request.query()) + "\n" + headers + "\n" + String.join(";", signedHeaders) + "\n"
                + payloadHash;
    }

    static String canonicalUri(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return "/";
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            segments.add(Signatures.percentEncode(segment));
        }
        String uri = String.join("/", segments);
        return uri.endsWith("/") ? uri : uri + "/";
    }

    static String canonicalQuery(Map<String, List<String>> query) {
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        query.forEach((name, values) -> {
            List<String> encoded = sorted.computeIfAbsent(Signatures.percentEncode(name), k -> new ArrayList<>());
            values.forEach(v -> encoded.add(Signatures.percentEncode(v)));
        });
        StringBuilder out = new StringBuilder();
        sorted.forEach((name, values) -> {
            for (String value : values.isEmpty() ? List.of("") : values) {
                if (out.length() > 0) {
                    out.append('&');
                }
                out.append(name).append('=').append(value);
            }
        });
        return out.toString();
    }

    /** {@code hex(HMAC-SHA256(sk, "SDK-HMAC-SHA256\n" + date + "\n" + hex(SHA256(canonicalRequest))))}. */
    static String signature(String sk, String sdkDate, String canonicalRequest) {
        String stringToSign = ALGORITHM + "\n" + sdkDate + "\n"
                + Signatures.sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sk.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void checkDate(String date) {
        Instant signedAt;
        try {
            signedAt = LocalDateTime.parse(date, SDK_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw denied("x-sdk-date is not in the format yyyyMMdd'T'HHmmss'Z'");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(WINDOW)) || signedAt.isAfter(now.plus(WINDOW))) {
            throw denied("the request is expired (x-sdk-date more than 15 minutes from the server time)");
        }
    }

    private static HuaweiApiException denied(String why) {
        return new HuaweiApiException(401, "APIGW.0301", "Incorrect IAM authentication information: " + why);
    }
}
