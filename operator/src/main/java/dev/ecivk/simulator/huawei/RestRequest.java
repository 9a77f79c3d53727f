package dev.ecivk.simulator.huawei;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request to the embedded Huawei ECS, as the signature check and the REST handlers need it.
 *
 * @param path the decoded path, e.g. {@code /v1/{project_id}/cloudservers/detail}
 * @param query decoded query parameters in the order received; a repeated name keeps every value in order
 * @param headers header names in lower case; the first value of a repeated header
 */
record RestRequest(
        String method, String path, Map<String, List<String>> query, Map<String, String> headers, byte[] body) {

    RestRequest {
        query = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(query));
        headers = Map.copyOf(headers);
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** The first value of a query parameter, or null. */
    String param(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> params(String name) {
        return query.getOrDefault(name, List.of());
    }

    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Splits a raw (still encoded) query string into decoded names and values, keeping their order. */
    static Map<String, List<String>> parseQuery(String rawQuery) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    static String lower(String headerName) {
        return headerName.toLowerCase(Locale.ROOT);
    }

    private static String decode(String s) {
        // '+' is a literal plus in Huawei's canonical form; only percent escapes are decoded
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
