package dev.ecivk.translate;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** A Secret's entries: {@code data} is Base64 on the wire; {@code stringData} only exists before the apiserver. */
final class SecretData {

    private SecretData() {}

    /** Every entry as Base64, {@code stringData} winning as the apiserver would merge it. */
    static Map<String, String> base64(Secret secret) {
        Map<String, String> out = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> out.put(k, v == null ? "" : v.replaceAll("\\s", "")));
        }
        if (secret.getStringData() != null) {
            secret.getStringData()
                    .forEach((k, v) -> out.put(
                            k,
                            Base64.getEncoder().encodeToString((v == null ? "" : v).getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** Every entry decoded as UTF-8 text (for environment variables). */
    static Map<String, String> strings(Secret secret) {
        Map<String, String> out = new LinkedHashMap<>();
        base64(secret).forEach((k, v) -> out.put(k, decode(v)));
        return out;
    }

    static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    static byte[] bytes(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
