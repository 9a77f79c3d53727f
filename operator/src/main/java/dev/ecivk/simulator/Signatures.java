package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Alibaba Cloud's two request signatures, computed from their documented definitions: the classic RPC signature
 * (V1, HMAC-SHA1 over the sorted, percent-encoded parameters) and ACS3-HMAC-SHA256 (V3, over a canonical request).
 * Public so that hand-written clients (tests, the benchmark) can sign requests.
 */
public final class Signatures {
    public static final String V3_ALGORITHM = "ACS3-HMAC-SHA256";

    private Signatures() {}

    /** RFC 3986 percent-encoding as Alibaba Cloud uses it (space as %20, '*' encoded, '~' kept). */
    public static String percentEncode(String s) {
        if (unreserved(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean unreserved(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isUnreserved(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3986's unreserved characters, which percent-encoding keeps as they are. */
    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z')
                || (c >= 'a' && c <= 'z')
                || (c >= '0' && c <= '9')
                || c == '-'
                || c == '_'
                || c == '.'
                || c == '~';
    }

    /** The sorted {@code k=v&k=v} string both algorithms use (the {@code Signature} parameter left out). */
    public static String canonicalQuery(Map<String, String> params) {
        TreeMap<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equals("Signature")) {
                sorted.put(percentEncode(k), percentEncode(v == null ? "" : v));
            }
        });
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append('&');
            }
            sb.append(k).append('=').append(v);
        });
        return sb.toString();
    }

    /** V1: {@code Base64(HMAC-SHA1(secret + "&", METHOD + "&%2F&" + percentEncode(canonicalQuery)))}. */
    public static String v1(String method, Map<String, String> params, String secret) {
        String stringToSign =
                method.toUpperCase() + "&" + percentEncode("/") + "&" + percentEncode(canonicalQuery(params));
        return Base64.getEncoder()
                .encodeToString(hmac("HmacSHA1", (secret + "&").getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    /**
     * V3 canonical request: method, URI, canonical query, one {@code name:value} line per signed header, the signed
     * header list and the payload hash, separated by new lines.
     */
    public static String v3CanonicalRequest(
            String method,
            String path,
            Map<String, String> query,
            Map<String, String> signedHeaders,
            String hashedPayload) {
        TreeMap<String, String> headers = new TreeMap<>();
        signedHeaders.forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v == null ? "" : v.trim()));
        StringBuilder canonicalHeaders = new StringBuilder();
        headers.forEach(
                (k, v) -> canonicalHeaders.append(k).append(':').append(v).append('\n'));
        return method.toUpperCase() + "\n" + (path == null || path.isEmpty() ? "/" : path) + "\n"
                + canonicalQuery(query) + "\n" + canonicalHeaders + "\n" + String.join(";", headers.keySet()) + "\n"
                + hashedPayload;
    }

    /** V3: {@code hex(HMAC-SHA256(secret, "ACS3-HMAC-SHA256\n" + hex(SHA256(canonicalRequest))))}. */
    public static String v3(String canonicalRequest, String secret) {
        String stringToSign = V3_ALGORITHM + "\n" + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(hmac("HmacSHA256", secret.getBytes(StandardCharsets.UTF_8), stringToSign));
    }

    public static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(String algorithm, byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of two signatures. */
    static boolean same(String a, String b) {
        return a != null
                && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
