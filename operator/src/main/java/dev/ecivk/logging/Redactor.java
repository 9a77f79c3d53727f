package dev.ecivk.logging;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secrets in text bound for a log line, an Event or an exception message: every registered secret value,
 * plus anything shaped like a credential (an Alibaba Cloud AccessKey id, an STS token, a JWT such as a
 * service-account token, the value of a {@code password=}/{@code secret:}/{@code token=}… pair).
 *
 * <p>Register the process's credentials (AccessKey secret, STS token) at start-up; the log encoders and the
 * {@code EventRecorder} use {@link #global()}. Registration is meant for a handful of values: each one costs a scan
 * of every redacted string.
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    /** Shorter values would mask ordinary words; such secrets are too weak to protect by masking anyway. */
    static final int MIN_SECRET_LENGTH = 4;

    private static final List<Pattern> CREDENTIAL_SHAPES = List.of(
            // Alibaba Cloud AccessKey id (permanent LTAI…, temporary STS.…).
            Pattern.compile("\\bLTAI[0-9A-Za-z]{12,}"),
            Pattern.compile("\\bSTS\\.[0-9A-Za-z]{16,}"),
            // A JWT: service-account and OIDC tokens.
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}"),
            // HTTP authorization values.
            Pattern.compile("(?i)(?<=\\bbearer )[A-Za-z0-9._~+/=-]{8,}"));

    /** {@code key=value}, {@code key: value} and JSON {@code "key":"value"} where the key names a secret. */
    private static final Pattern SECRET_PAIR = Pattern.compile("(?i)((?<![\\w.-])(?:[\\w-]*[_.-])?"
            + "(?:password|passwd|secret|token|accesskeysecret|access_key_secret|securitytoken|signature"
            + "|authorization|apikey|api_key|client_secret)"
            + "\"?\\s*[=:]\\s*\"?)([^\\s\"',&;}\\]]+)");

    private static final Redactor GLOBAL = new Redactor();

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** The process-wide instance used by the log encoders and, by default, by the Event recorder. */
    public static Redactor global() {
        return GLOBAL;
    }

    /** Registers a secret value to mask wherever it appears. Values shorter than 4 characters are ignored. */
    public Redactor register(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
            secrets.add(secret);
        }
        return this;
    }

    /** Forgets a secret value, e.g. after a credential rotation. */
    public void forget(String secret) {
        if (secret != null) {
            secrets.remove(secret);
        }
    }

    /** {@code text} with every secret and credential-shaped value masked; {@code null} stays {@code null}. */
    public String redact(String text) {
        return redact(text, false);
    }

    /**
     * Like {@link #redact(String)} for text that is already JSON-encoded: a secret is also found in its escaped
     * form (a {@code /} in a secret appears as {@code \/} in logback's JSON, a quote as {@code \"}).
     */
    public String redactJson(String json) {
        return redact(json, true);
    }

    private String redact(String text, boolean jsonEscaped) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        if (!secrets.isEmpty()) {
            // Longest first, so a secret containing another is masked whole.
            List<String> ordered = secrets.stream()
                    .sorted(Comparator.comparingInt(String::length).reversed())
                    .toList();
            for (String secret : ordered) {
                if (result.contains(secret)) {
                    result = result.replace(secret, MASK);
                }
                if (jsonEscaped) {
                    String escaped = jsonEscape(secret);
                    if (!escaped.equals(secret) && result.contains(escaped)) {
                        result = result.replace(escaped, MASK);
                    }
                }
            }
        }
        for (Pattern shape : CREDENTIAL_SHAPES) {
            result = shape.matcher(result).replaceAll(MASK);
        }
        Matcher pair = SECRET_PAIR.matcher(result);
        StringBuilder out = new StringBuilder(result.length());
        while (pair.find()) {
            String value = pair.group(2);
            pair.appendReplacement(out, Matcher.quoteReplacement(pair.group(1) + (value.equals(MASK) ? value : MASK)));
        }
        pair.appendTail(out);
        return out.toString();
    }

    /** JSON string escaping as logback's JSON encoder does it ({@code /} included). */
    static String jsonEscape(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '/' -> out.append("\\/");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * {@code text} redacted and cut to at most {@code maxBytes} UTF-8 bytes (never inside a character), ending in
     * an ellipsis when cut.
     */
    public String redactAndBound(String text, int maxBytes) {
        return bound(redact(text), maxBytes);
    }

    /** {@code text} cut to at most {@code maxBytes} UTF-8 bytes, ending in "…" when cut. */
    public static String bound(String text, int maxBytes) {
        if (text == null || text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        String ellipsis = "…";
        int budget = maxBytes - ellipsis.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int cp = text.codePointAt(end);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(cp);
        }
        return text.substring(0, end) + ellipsis;
    }
}
