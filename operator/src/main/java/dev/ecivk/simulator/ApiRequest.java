package dev.ecivk.simulator;

import java.util.Map;

/**
 * One HTTP request to the RPC endpoint, as the authenticator and the API see it.
 *
 * @param method HTTP method
 * @param path decoded path
 * @param query decoded query parameters
 * @param form decoded form-body parameters
 * @param headers lower-case header names
 * @param body raw body bytes
 */
record ApiRequest(
        String method,
        String path,
        Map<String, String> query,
        Map<String, String> form,
        Map<String, String> headers,
        byte[] body) {

    /** Query and form parameters together (form wins), as the RPC protocol merges them. */
    Map<String, String> allParams() {
        if (form.isEmpty()) {
            return query;
        }
        Map<String, String> all = new java.util.HashMap<>(query);
        all.putAll(form);
        return all;
    }

    String header(String name) {
        return headers.get(name);
    }
}
