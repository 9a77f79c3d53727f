package dev.ecivk.events;

import dev.ecivk.logging.Redactor;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.model.ContainerGroupState.GroupEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events, deduplicated the way the kubelet's recorder does: a repeat of the same reason and message
 * on the same object bumps {@code count} and {@code lastTimestamp} of one Event instead of creating another.
 *
 * <p>The Event name is deterministic ({@code <object name>.<hash of uid, reason, message>}), so a restarted
 * controller or a second replica finds the same Event. An in-memory LRU remembers recent Events to patch a repeat
 * without reading it first. Messages are redacted and cut to 1 KB. Recording never throws: an Event is worth less
 * than the reconcile that emits it.
 */
public final class EventRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** Events larger than this are cut; the apiserver's own limit is far larger, a useful message is not. */
    public static final int MAX_MESSAGE_BYTES = 1024;

    static final int CACHE_SIZE = 4096;
    private static final int MAX_NAME_LENGTH = 253;
    private static final int HASH_HEX_LENGTH = 16;
    private static final int LOCK_STRIPES = 64;
    private static final Pattern REASON_UNSAFE = Pattern.compile("[^A-Za-z0-9]");
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_INSTANT;

    private final KubernetesClient client;
    private final String component;
    private final String host;
    private final Redactor redactor;
    private final Clock clock;
    private final ControllerMetrics metrics;
    private final Map<String, Seen> recent = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private final Object[] locks = new Object[LOCK_STRIPES];

    /** What we last wrote for one Event. */
    private record Seen(int count, String lastTimestamp) {}

    public EventRecorder(KubernetesClient client, String component, String host) {
        this(client, component, host, Redactor.global(), Clock.systemUTC(), null);
    }

    public EventRecorder(KubernetesClient client, String component, String host, ControllerMetrics metrics) {
        this(client, component, host, Redactor.global(), Clock.systemUTC(), metrics);
    }

    /** @param metrics may be {@code null} */
    public EventRecorder(
            KubernetesClient client,
            String component,
            String host,
            Redactor redactor,
            Clock clock,
            ControllerMetrics metrics) {
        this.client = Objects.requireNonNull(client, "client");
        this.component = Objects.requireNonNull(component, "component");
        this.host = host == null ? "" : host;
        this.redactor = Objects.requireNonNull(redactor, "redactor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = metrics;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Records {@code reason} on {@code object}; a repeat of the same reason and message increments the count.
     * Keep variable parts (retry counters, durations) out of {@code message}, or every repeat is a new Event.
     */
    public void record(HasMetadata object, EventReason reason, String message) {
        record(object, reason, message, clock.instant());
    }

    /** As {@link #record(HasMetadata, EventReason, String)}, for what happened at {@code at} and is written later. */
    public void record(HasMetadata object, EventReason reason, String message, Instant at) {
        String text = redactor.redactAndBound(message == null ? "" : message, MAX_MESSAGE_BYTES);
        write(object, reason.type().value(), reason.name(), text, 0, at, at);
    }

    /** Now, on the recorder's clock. */
    public Instant now() {
        return clock.instant();
    }

    /**
     * Copies an event the provider reported for the container group onto its Pod. The provider's count and
     * timestamps are taken as they are; an event already forwarded unchanged costs no API call.
     */
    public void forward(HasMetadata pod, GroupEvent event) {
        String type = "Warning".equalsIgnoreCase(event.type()) ? "Warning" : "Normal";
        String reason = providerReason(event.reason());
        String text = redactor.redactAndBound(event.message() == null ? "" : event.message(), MAX_MESSAGE_BYTES);
        Instant now = clock.instant();
        Instant last = event.lastTimestamp() != null ? event.lastTimestamp() : now;
        Instant first = event.firstTimestamp() != null ? event.firstTimestamp() : last;
        int count = event.count() == null || event.count() < 1 ? 1 : event.count();
        write(pod, type, reason, text, count, first, last);
    }

    /**
     * Creates or updates one Event.
     *
     * @param absoluteCount the count to set (a forwarded event), or 0 to add one to the current count
     */
    private void write(
            HasMetadata object,
            String type,
            String reason,
            String message,
            int absoluteCount,
            Instant first,
            Instant last) {
        try {
            ObjectReference ref = reference(object);
            String namespace =
                    ref.getNamespace() == null || ref.getNamespace().isEmpty() ? "default" : ref.getNamespace();
            String name = eventName(ref.getName(), ref.getUid(), reason, message);
            String key = namespace + "/" + name;
            String lastText = RFC3339.format(last.truncatedTo(ChronoUnit.SECONDS));
            synchronized (lockFor(key)) {
                Seen seen = cached(key);
                if (seen != null
                        && absoluteCount > 0
                        && seen.count() == absoluteCount
                        && seen.lastTimestamp().equals(lastText)) {
                    return;
                }
                Seen written;
                if (seen != null) {
                    int count = absoluteCount > 0 ? absoluteCount : seen.count() + 1;
                    written = patchOrCreate(namespace, name, count, lastText, ref, type, reason, message, first);
                } else {
                    written = createOrBump(namespace, name, absoluteCount, lastText, ref, type, reason, message, first);
                }
                if (written != null) {
                    remember(key, written);
                    if (metrics != null) {
                        metrics.eventRecorded(reason, type);
                    }
                }
            }
        } catch (RuntimeException e) {
            failed(object, reason, e);
        }
    }

    /** We wrote this Event before: patch its count; if it expired meanwhile, create it again. */
    private Seen patchOrCreate(
            String namespace,
            String name,
            int count,
            String lastText,
            ObjectReference ref,
            String type,
            String reason,
            String message,
            Instant first) {
        try {
            return patchCount(namespace, name, count, lastText);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            return createOrBump(namespace, name, count, lastText, ref, type, reason, message, first);
        }
    }

    /** First sight in this process: create; if it exists already (restart, other replica), bump its count. */
    private Seen createOrBump(
            String namespace,
            String name,
            int absoluteCount,
            String lastText,
            ObjectReference ref,
            String type,
            String reason,
            String message,
            Instant first) {
        int count = absoluteCount > 0 ? absoluteCount : 1;
        Event event = new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(ref)
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withCount(count)
                .withFirstTimestamp(RFC3339.format(first.truncatedTo(ChronoUnit.SECONDS)))
                .withLastTimestamp(lastText)
                .withNewSource()
                .withComponent(component)
                .withHost(host)
                .endSource()
                .withReportingComponent(component)
                .withReportingInstance(host)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
            return new Seen(count, lastText);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
        // Someone wrote it first: continue its count.
        Event existing =
                client.v1().events().inNamespace(namespace).withName(name).get();
        if (existing == null) {
            return null; // created and expired between our calls: nothing worth a retry
        }
        int current = existing.getCount() == null ? 1 : existing.getCount();
        int next = absoluteCount > 0 ? absoluteCount : current + 1;
        if (absoluteCount > 0 && current == absoluteCount && lastText.equals(existing.getLastTimestamp())) {
            return new Seen(current, lastText);
        }
        return patchCount(namespace, name, next, lastText);
    }

    private Seen patchCount(String namespace, String name, int count, String lastText) {
        String patch = "{\"count\":" + count + ",\"lastTimestamp\":\"" + lastText + "\"}";
        client.v1().events().inNamespace(namespace).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
        return new Seen(count, lastText);
    }

    private Seen cached(String key) {
        synchronized (recent) {
            return recent.get(key);
        }
    }

    private void remember(String key, Seen seen) {
        synchronized (recent) {
            recent.put(key, seen);
        }
    }

    private Object lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }

    private void failed(HasMetadata object, String reason, RuntimeException e) {
        if (metrics != null) {
            metrics.eventFailed(reason);
        }
        String target = object == null || object.getMetadata() == null
                ? "?"
                : object.getKind() + " " + object.getMetadata().getNamespace() + "/"
                        + object.getMetadata().getName();
        // The apiserver's message may echo the Event body: log the status code only.
        if (e instanceof KubernetesClientException kce) {
            LOG.warn("Could not record event {} on {}: HTTP {}", reason, target, kce.getCode());
        } else {
            LOG.warn(
                    "Could not record event {} on {}: {}",
                    reason,
                    target,
                    e.getClass().getSimpleName());
        }
    }

    /** The Event's {@code involvedObject}. */
    static ObjectReference reference(HasMetadata object) {
        return new ObjectReferenceBuilder()
                .withKind(object.getKind())
                .withApiVersion(object.getApiVersion())
                .withNamespace(object.getMetadata().getNamespace())
                .withName(object.getMetadata().getName())
                .withUid(object.getMetadata().getUid())
                .withResourceVersion(object.getMetadata().getResourceVersion())
                .build();
    }

    /** {@code <object name>.<16 hex digits of SHA-256(uid, reason, message)>}, at most 253 characters. */
    static String eventName(String objectName, String uid, String reason, String message) {
        String hash = sha256Hex((uid == null ? "" : uid) + '\0' + reason + '\0' + message);
        String prefix = objectName == null ? "object" : objectName;
        int maxPrefix = MAX_NAME_LENGTH - 1 - HASH_HEX_LENGTH;
        if (prefix.length() > maxPrefix) {
            prefix = prefix.substring(0, maxPrefix);
        }
        return prefix + "." + hash.substring(0, HASH_HEX_LENGTH);
    }

    /** A provider's reason as an Event reason: CamelCase letters and digits only, bounded. */
    static String providerReason(String reason) {
        if (reason == null || reason.isBlank()) {
            return "ProviderEvent";
        }
        String safe = REASON_UNSAFE.matcher(reason).replaceAll("");
        if (safe.isEmpty()) {
            return "ProviderEvent";
        }
        return safe.length() > 128 ? safe.substring(0, 128) : safe;
    }

    private static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
        }
    }
}
