package dev.ecivk.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** {@code NextToken} values: the creation sequence of the last group of a page, opaque to clients. */
final class PageToken {
    private PageToken() {}

    static String after(long sequence) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Long.toString(sequence).getBytes(StandardCharsets.UTF_8));
    }

    /** The sequence a token continues after; 0 for no token; {@code InvalidParameter} for a forged one. */
    static long parse(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw EciApiException.invalid("The specified NextToken is not valid.");
        }
    }
}
