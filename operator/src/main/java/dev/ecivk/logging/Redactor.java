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

    /**
     * A credential's shape, and a literal that every match contains: a line without the literal (almost every line)
     * skips the regular expression.
     */
    private record Shape(String literal, boolean ignoreCase, Pattern pattern) {
        boolean mayMatch(String text) {
            return ignoreCase ? containsIgnoreCase(text, literal) : text.contains(literal);
        }
    }

    private static final List<Shape> CREDENTIAL_SHAPES = List.of(
            // Alibaba Cloud AccessKey id (permanent LTAI…, temporary STS.…).
            new Shape("LTAI", false, Pattern.compile("\\bLTAI[0-9A-Za-z]{12,}")),
            new Shape("STS.", false, Pattern.compile("\\bSTS\\.[0-9A-Za-z]{16,}")),
            // A JWT: service-account and OIDC tokens.
            new Shape("eyJ", false, Pattern.compile("\\beyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,}")),
            // HTTP authorization values.
            new Shape("bearer ", true, Pattern.compile("(?i)(?<=\\bbearer )[A-Za-z0-9._~+/=-]{8,}")));

    /** {@code key=value}, {@code key: value} and JSON {@code "key":"value"} where the key names a secret. */
    private static final Pattern SECRET_PAIR = Pattern.compile("(?i)((?<![\\w.-])(?:[\\w-]*[_.-])?"
            + "(?:password|passwd|secret|token|accesskeysecret|access_key_secret|securitytoken|signature"
            + "|authorization|apikey|api_key|client_secret)"
            + "\"?\\s*[=:]\\s*\"?)([^\\s\"',&;}\\]]+)");

    /** Every key {@link #SECRET_PAIR} names contains one of these: a line with none of them skips it. */
    private static final List<String> SECRET_KEY_WORDS =
            List.of("password", "passwd", "secret", "token", "signature", "authorization", "apikey", "api_key");

    private static final Redactor GLOBAL = new Redactor();

    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    /** {@link #secrets}, longest first (a secret containing another is masked whole), rebuilt when they change. */
    private volatile List<String> longestFirst = List.of();

    /** The process-wide instance used by the log encoders and, by default, by the Event recorder. */
    public static Redactor global() {
        return GLOBAL;
    }

    /** Registers a secret value to mask wherever it appears. Values shorter than 4 characters are ignored. */
    public Redactor register(String secret) {
        if (secret != null && secret.length() >= MIN_SECRET_LENGTH && secrets.add(secret)) {
            order();
        }
        return this;
    }

    /** Forgets a secret value, e.g. after a credential rotation. */
    public void forget(String secret) {
        if (secret != null && secrets.remove(secret)) {
            order();
        }
    }

    private synchronized void order() {
        longestFirst = secrets.stream()
                .sorted(Comparator.comparingInt(String::length).reversed())
                .toList();
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
        for (String secret : longestFirst) {
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
        for (Shape shape : CREDENTIAL_SHAPES) {
            if (shape.mayMatch(result)) {
                result = shape.pattern().matcher(result).replaceAll(MASK);
            }
        }
        String shaped = result;
        if (SECRET_KEY_WORDS.stream().noneMatch(word -> containsIgnoreCase(shaped, word))) {
            return result;
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

    /**
     * Whether {@code text} contains the lower-case {@code word} in any case: a superset of what a {@code (?i)}
     * pattern (ASCII case) matches, so a line this says no to cannot match it.
     */
    static boolean containsIgnoreCase(String text, String word) {
        int last = text.length() - word.length();
        char first = word.charAt(0);
        for (int i = 0; i <= last; i++) {
            if (Character.toLowerCase(text.charAt(i)) == first && text.regionMatches(true, i, word, 0, word.length())) {
                return true;
            }
        }
        return false;
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
