package dev.ecivk.pod;

import dev.ecivk.logging.Redactor;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.translate.ResolvedRefs;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Cloud error messages may quote the request (ECI's InvalidParameter names the refused value), and a create request
 * carries the Pod's Secret values and registry passwords. Before such a message becomes an Event or a Pod status,
 * every value of the Secrets the Pod references (and each of its lines) and every registry password is masked.
 */
final class EchoScrubber {
    private EchoScrubber() {}

    static String scrub(String message, ResolvedRefs refs, ContainerGroupSpec spec) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        Redactor redactor = new Redactor();
        for (Secret secret : refs.secrets().values()) {
            if (secret.getData() != null) {
                for (String encoded : secret.getData().values()) {
                    register(redactor, encoded);
                    register(redactor, decode(encoded));
                }
            }
            if (secret.getStringData() != null) {
                secret.getStringData().values().forEach(v -> register(redactor, v));
            }
        }
        if (spec != null && spec.imageRegistryCredentials() != null) {
            spec.imageRegistryCredentials().forEach(c -> register(redactor, c.password()));
        }
        return redactor.redact(message);
    }

    private static void register(Redactor redactor, String value) {
        if (value == null) {
            return;
        }
        redactor.register(value);
        for (String line : value.split("\\R")) {
            redactor.register(line.strip());
        }
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
