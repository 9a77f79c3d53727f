package dev.ecivk.testing;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.Assertions;

/**
 * Asserts that no secret value shows up where users and log collectors can read it: captured log lines, the
 * Events stored in a (mock) apiserver, and exception messages (with their causes).
 *
 * <pre>{@code SecretLeaks.assertNoneOf(List.of(accessKeySecret, secretEnvValue)).in(logs).inEvents(client).in(thrown);}</pre>
 */
public final class SecretLeaks {
    private final List<String> secrets;

    private SecretLeaks(Collection<String> secrets) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .toList();
        Assertions.assertThat(this.secrets).as("secrets to look for").isNotEmpty();
    }

    public static SecretLeaks assertNoneOf(Collection<String> secrets) {
        return new SecretLeaks(secrets);
    }

    /** No captured log line contains a secret. */
    public SecretLeaks in(CapturingAppender logs) {
        return check("log line", logs.lines());
    }

    /** No Event in any namespace contains a secret in its message, reason, or anywhere else in its body. */
    public SecretLeaks inEvents(KubernetesClient client) {
        List<String> events = new ArrayList<>();
        for (Event event : client.v1().events().inAnyNamespace().list().getItems()) {
            events.add(event.toString());
        }
        return check("Event", events);
    }

    /** No message of {@code thrown} or of its causes and suppressed exceptions contains a secret. */
    public SecretLeaks in(Throwable... thrown) {
        List<String> messages = new ArrayList<>();
        for (Throwable t : thrown) {
            collectMessages(t, messages);
        }
        return check("exception message", messages);
    }

    private static void collectMessages(Throwable t, List<String> messages) {
        if (t == null) {
            return;
        }
        messages.add(t.getClass().getName() + ": " + t.getMessage());
        collectMessages(t.getCause(), messages);
        for (Throwable suppressed : t.getSuppressed()) {
            collectMessages(suppressed, messages);
        }
    }

    private SecretLeaks check(String where, List<String> texts) {
        for (String secret : secrets) {
            List<String> leaks =
                    texts.stream().filter(t -> t != null && t.contains(secret)).toList();
            Assertions.assertThat(leaks)
                    .as("%s containing secret #%d (value not shown)", where, secrets.indexOf(secret))
                    .withRepresentation(o -> ((List<?>) o).size() + " item(s)")
                    .isEmpty();
        }
        return this;
    }
}
