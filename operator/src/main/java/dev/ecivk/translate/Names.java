package dev.ecivk.translate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names ECI accepts. The container group name is cosmetic (our identity is the UID tag and the ClientToken), so a
 * readable name wins over a collision-free one; long names keep a hash of the full name so they stay distinct.
 */
public final class Names {

    /** ECI's name rules are undocumented; DNS-1123 labels of at most 128 characters are accepted. */
    public static final int MAX_NAME_LENGTH = 128;

    private static final int HASH_LENGTH = 8;

    private Names() {}

    /** {@code <namespace>-<name>} in DNS-1123 label form, at most 128 characters. */
    public static String containerGroupName(String namespace, String name) {
        String full = namespace + "-" + name;
        String cleaned = dns1123(full);
        if (cleaned.length() <= MAX_NAME_LENGTH) {
            return cleaned;
        }
        return truncateWithHash(cleaned, full, MAX_NAME_LENGTH);
    }

    /** Shortens {@code value} to {@code max} characters, keeping a hash of {@code identity} at the end. */
    static String truncateWithHash(String value, String identity, int max) {
        if (value.length() <= max) {
            return value;
        }
        String head = value.substring(0, max - HASH_LENGTH - 1);
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head + "-" + shortHash(identity);
    }

    static String shortHash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String dns1123(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            out.append(allowed ? c : '-');
        }
        String s = out.toString().replaceAll("-{2,}", "-").replaceAll("^-+", "").replaceAll("-+$", "");
        return s.isEmpty() ? "pod" : s;
    }
}
