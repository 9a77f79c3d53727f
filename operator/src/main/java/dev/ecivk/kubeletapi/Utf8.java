package dev.ecivk.kubeletapi;

import java.nio.charset.StandardCharsets;

final class Utf8 {
    private Utf8() {}

    /** The longest prefix of {@code text} whose UTF-8 form fits in {@code maxBytes}, never splitting a character. */
    static String truncate(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) {
            return text;
        }
        int end = Math.max(0, maxBytes);
        // step back over continuation bytes (10xxxxxx) so the cut falls on a character boundary
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
