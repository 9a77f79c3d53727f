package dev.ecivk.provider.vm.huawei;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Ownership tags on Huawei Cloud servers. ECS {@code server_tags} are narrower than Alibaba's: keys at most 36 of
 * {@code A-Z a-z 0-9 - _}, values at most 43 of those or {@code .}. Our keys {@code ecivk.dev/<name>} travel as
 * {@code ecivk-<name>} and come back as they were; a value that does not fit travels as a readable prefix and a hash
 * of the whole, the same for the same value, so a filter on it still matches (but it cannot be read back: match
 * Pods by the UID tag, which always fits).
 */
final class ServerTags {
    static final String OUR_PREFIX = "ecivk.dev/";
    static final String WIRE_PREFIX = "ecivk-";
    static final int MAX_KEY = 36;
    static final int MAX_VALUE = 43;
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,36}");
    private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_.-]{0,43}");

    private ServerTags() {}

    static String encodeKey(String key) {
        String k = key.startsWith(OUR_PREFIX) ? WIRE_PREFIX + key.substring(OUR_PREFIX.length()) : key;
        return KEY.matcher(k).matches() ? k : fit(k, MAX_KEY, "[^A-Za-z0-9_-]");
    }

    static String decodeKey(String wireKey) {
        return wireKey.startsWith(WIRE_PREFIX) ? OUR_PREFIX + wireKey.substring(WIRE_PREFIX.length()) : wireKey;
    }

    static String encodeValue(String value) {
        String v = value == null ? "" : value;
        return VALUE.matcher(v).matches() ? v : fit(v, MAX_VALUE, "[^A-Za-z0-9_.-]");
    }

    /** Tags as {@code server_tags} want them: wire keys and values, in order. */
    static Map<String, String> encode(Map<String, String> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((k, v) -> out.put(encodeKey(k), encodeValue(v)));
        return out;
    }

    /** The {@code tags} of a server detail ({@code key=value} strings) with our keys restored. */
    static Map<String, String> decode(List<String> wireTags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (wireTags == null) {
            return out;
        }
        for (String t : wireTags) {
            int eq = t.indexOf('=');
            if (eq > 0) {
                out.put(decodeKey(t.substring(0, eq)), t.substring(eq + 1));
            } else if (!t.isEmpty()) {
                out.put(decodeKey(t), "");
            }
        }
        return out;
    }

    /** {@code key=value} as the list filter {@code tags} takes it. */
    static String filter(String key, String value) {
        return encodeKey(key) + "=" + encodeValue(value);
    }

    private static String fit(String s, int max, String disallowed) {
        String hash = HexFormat.of().formatHex(sha256(s), 0, 4);
        String readable = s.replaceAll(disallowed, "-");
        int keep = Math.min(readable.length(), max - hash.length() - 1);
        return readable.substring(0, keep) + "-" + hash;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
