package dev.ecivk.imagecache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.crd.Condition;
import dev.ecivk.crd.ImageCache;
import dev.ecivk.crd.ImageCacheSpec;
import dev.ecivk.crd.ImageCacheStatus;
import dev.ecivk.crd.StatusPatch;
import dev.ecivk.events.EventReason;
import dev.ecivk.events.EventRecorder;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ImageCaches;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec.RegistryCredential;
import dev.ecivk.provider.model.ImageCacheRequest;
import dev.ecivk.provider.model.ImageCacheState;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds an ECI image cache for every ImageCache: CreateImageCache (ClientToken = the object's UID, per generation),
 * then DescribeImageCaches until Ready or Failed, DeleteImageCache when the object is deleted (a finalizer on our own
 * object, never on a user's Pod). Registry passwords go only into the create call.
 */
public final class ImageCacheReconciler implements Reconciler<ImageCache>, Cleaner<ImageCache> {
    private static final Logger LOG = LoggerFactory.getLogger(ImageCacheReconciler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration READY_RECHECK = Duration.ofMinutes(10);
    static final Duration SECRET_RECHECK = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final ImageCaches caches;
    private final Defaults defaults;
    private final EventRecorder events;
    private final Clock clock;
    private final Duration pollInterval;

    /** Where the builder instance runs when the ImageCache does not say, and the cluster tag. */
    public record Defaults(String vSwitchId, String securityGroupId, String clusterId) {}

    public ImageCacheReconciler(
            KubernetesClient client,
            ImageCaches caches,
            Defaults defaults,
            EventRecorder events,
            Clock clock,
            Duration pollInterval) {
        this.client = client;
        this.caches = caches;
        this.defaults = defaults;
        this.events = events;
        this.clock = clock;
        this.pollInterval = pollInterval;
    }

    @Override
    public UpdateControl<ImageCache> reconcile(ImageCache ic, Context<ImageCache> context) throws ProviderException {
        ImageCacheStatus current = ic.getStatus() == null ? new ImageCacheStatus() : ic.getStatus();
        ImageCacheStatus next = copy(current);
        long generation =
                ic.getMetadata().getGeneration() == null ? 1 : ic.getMetadata().getGeneration();
        List<String> problems = validate(ic.getSpec());
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems);
            events.record(ic, EventReason.InvalidSpec, message);
            next.phase = "Invalid";
            next.observedGeneration = generation;
            next.conditions = List.of(condition("Ready", "False", "InvalidSpec", message, generation));
            write(ic, current, next);
            return UpdateControl.noUpdate();
        }
        if (next.imageCacheId != null && !Objects.equals(next.observedGeneration, generation)) {
            // ECI caches cannot be changed: build a new one for the new spec, drop the old one
            delete(next.imageCacheId);
            next.imageCacheId = null;
        }
        if (next.imageCacheId == null) {
            Optional<List<RegistryCredential>> credentials = credentials(ic);
            if (credentials.isEmpty()) {
                next.phase = "Pending";
                next.observedGeneration = generation;
                next.conditions = List.of(condition(
                        "Ready",
                        "False",
                        "SecretNotFound",
                        "an imagePullSecret is missing or not a dockerconfigjson Secret",
                        generation));
                write(ic, current, next);
                return UpdateControl.<ImageCache>noUpdate().rescheduleAfter(SECRET_RECHECK);
            }
            try {
                next.imageCacheId = caches.createImageCache(request(ic, credentials.get(), generation));
            } catch (ProviderException e) {
                if (e.isRetryable()) {
                    throw e; // JOSDK retries with backoff
                }
                events.record(ic, EventReason.ImageCacheFailed, e.code() + ": " + e.getMessage());
                next.phase = "Failed";
                next.observedGeneration = generation;
                next.conditions = List.of(condition("Ready", "False", e.code(), e.getMessage(), generation));
                write(ic, current, next);
                return UpdateControl.noUpdate();
            }
            next.phase = "Preparing";
            next.observedGeneration = generation;
            events.record(ic, EventReason.ImageCacheCreating, "Building image cache " + next.imageCacheId);
            LOG.info(
                    "Building image cache {} for ImageCache {}",
                    next.imageCacheId,
                    ic.getMetadata().getName());
            next.conditions = List.of(condition(
                    "Ready", "False", "Preparing", "image cache " + next.imageCacheId + " is being built", generation));
            write(ic, current, next); // the id is recorded before anything else can fail
            return UpdateControl.<ImageCache>noUpdate().rescheduleAfter(pollInterval);
        }
        Optional<ImageCacheState> state = caches.describeImageCache(next.imageCacheId);
        if (state.isEmpty()) {
            next.phase = "Failed";
            next.conditions = List.of(condition(
                    "Ready",
                    "False",
                    "NotFound",
                    "image cache " + next.imageCacheId + " no longer exists at the cloud (expired or deleted)",
                    generation));
            write(ic, current, next);
            return UpdateControl.<ImageCache>noUpdate().rescheduleAfter(READY_RECHECK);
        }
        ImageCacheState s = state.get();
        next.phase = s.status();
        next.progress = s.progress();
        next.events = s.events().isEmpty() ? null : s.events();
        String message = s.ready()
                ? "image cache " + s.id() + " is ready"
                : s.failed()
                        ? "the cloud failed to build image cache " + s.id()
                        : "image cache " + s.id() + " is " + s.status()
                                + (s.progress() == null ? "" : " (" + s.progress() + ")");
        next.conditions = List.of(condition(
                "Ready",
                s.ready() ? "True" : "False",
                s.status() == null ? "Unknown" : s.status(),
                message,
                generation));
        if (!Objects.equals(current.phase, next.phase)) {
            if (s.ready()) {
                events.record(ic, EventReason.ImageCacheReady, message);
            } else if (s.failed()) {
                events.record(ic, EventReason.ImageCacheFailed, message);
            }
        }
        write(ic, current, next);
        return UpdateControl.<ImageCache>noUpdate()
                .rescheduleAfter(s.ready() || s.failed() ? READY_RECHECK : pollInterval);
    }

    @Override
    public DeleteControl cleanup(ImageCache ic, Context<ImageCache> context) {
        String id = ic.getStatus() == null ? null : ic.getStatus().imageCacheId;
        if (id != null) {
            try {
                delete(id);
                events.record(ic, EventReason.ImageCacheDeleted, "Deleted image cache " + id);
            } catch (ProviderException e) {
                LOG.warn("Deleting image cache {} failed: {}", id, e.getMessage());
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(pollInterval);
            }
        }
        return DeleteControl.defaultDelete();
    }

    private void delete(String id) throws ProviderException {
        try {
            caches.deleteImageCache(id);
            LOG.info("Deleted image cache {}", id);
        } catch (ProviderException e) {
            if (e.failureClass() != FailureClass.NOT_FOUND) {
                throw e;
            }
        }
    }

    static List<String> validate(ImageCacheSpec spec) {
        List<String> problems = new ArrayList<>();
        if (spec == null || spec.images == null || spec.images.isEmpty()) {
            problems.add("spec.images: at least one image is needed");
            return problems;
        }
        for (int i = 0; i < spec.images.size(); i++) {
            String image = spec.images.get(i);
            if (image == null || image.isBlank() || image.contains(" ")) {
                problems.add("spec.images[" + i + "]: \"" + image + "\" is not an image reference");
            } else if (spec.images.indexOf(image) != i) {
                problems.add("spec.images[" + i + "]: " + image + " is listed twice");
            }
        }
        return problems;
    }

    private ImageCacheRequest request(ImageCache ic, List<RegistryCredential> credentials, long generation) {
        ImageCacheSpec spec = ic.getSpec();
        String uid = ic.getMetadata().getUid();
        String token = generation <= 1 ? uid : uid + "-g" + generation;
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("ecivk.dev/cluster", defaults.clusterId());
        tags.put("ecivk.dev/image-cache", ic.getMetadata().getName());
        return new ImageCacheRequest(
                ic.getMetadata().getName(),
                token == null ? null : token.substring(0, Math.min(64, token.length())),
                spec.images,
                credentials,
                spec.vSwitchId != null ? spec.vSwitchId : defaults.vSwitchId(),
                spec.securityGroupId != null ? spec.securityGroupId : defaults.securityGroupId(),
                spec.eipInstanceId,
                spec.size,
                spec.retentionDays,
                tags);
    }

    /** The registries of the referenced dockerconfigjson Secrets; empty when one is missing or unreadable. */
    private Optional<List<RegistryCredential>> credentials(ImageCache ic) {
        List<RegistryCredential> out = new ArrayList<>();
        if (ic.getSpec().imagePullSecrets == null) {
            return Optional.of(out);
        }
        for (ImageCacheSpec.SecretRef ref : ic.getSpec().imagePullSecrets) {
            Secret secret;
            try {
                secret = client.secrets()
                        .inNamespace(ref.namespace)
                        .withName(ref.name)
                        .get();
            } catch (KubernetesClientException e) {
                secret = null;
            }
            String where = "imagePullSecret " + ref.namespace + "/" + ref.name;
            if (secret == null) {
                events.record(ic, EventReason.MandatorySecretNotFound, where + " was not found");
                return Optional.empty();
            }
            Optional<List<RegistryCredential>> parsed = dockerConfig(secret);
            if (parsed.isEmpty()) {
                events.record(
                        ic,
                        EventReason.FailedToReadSecret,
                        where + " is not a kubernetes.io/dockerconfigjson Secret with registry logins");
                return Optional.empty();
            }
            parsed.get().stream()
                    .filter(c -> out.stream().noneMatch(o -> o.server().equals(c.server())))
                    .forEach(out::add);
        }
        return Optional.of(out);
    }

    /** {@code .dockerconfigjson} → one credential per registry (username/password, or the decoded auth). */
    static Optional<List<RegistryCredential>> dockerConfig(Secret secret) {
        String encoded = secret.getData() == null ? null : secret.getData().get(".dockerconfigjson");
        String raw = encoded != null
                ? new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8)
                : secret.getStringData() == null ? null : secret.getStringData().get(".dockerconfigjson");
        if (raw == null) {
            return Optional.empty();
        }
        JsonNode auths;
        try {
            auths = JSON.readTree(raw).path("auths");
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        List<RegistryCredential> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String server = e.getKey().replaceFirst("^https?://", "").replaceFirst("/.*$", "");
            String user = e.getValue().path("username").asText(null);
            String password = e.getValue().path("password").asText(null);
            String auth = e.getValue().path("auth").asText(null);
            if ((user == null || password == null) && auth != null) {
                String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    user = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                }
            }
            if (user != null && password != null) {
                out.add(new RegistryCredential(server, user, password));
            }
        }
        return Optional.of(out);
    }

    private Condition condition(String type, String status, String reason, String message, long generation) {
        Condition c = new Condition();
        c.type = type;
        c.status = status;
        c.reason = reason;
        c.message = message;
        c.observedGeneration = generation;
        return c;
    }

    private static ImageCacheStatus copy(ImageCacheStatus s) {
        ImageCacheStatus c = new ImageCacheStatus();
        c.observedGeneration = s.observedGeneration;
        c.phase = s.phase;
        c.imageCacheId = s.imageCacheId;
        c.progress = s.progress;
        c.events = s.events;
        c.conditions = s.conditions == null ? new ArrayList<>() : new ArrayList<>(s.conditions);
        return c;
    }

    /** Writes the status when it changed; conditions keep their transition time while their status holds. */
    private void write(ImageCache ic, ImageCacheStatus current, ImageCacheStatus next) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        List<Condition> conditions = new ArrayList<>();
        for (Condition c : next.conditions) {
            c.lastTransitionTime = now;
            if (current.conditions != null) {
                current.conditions.stream()
                        .filter(o -> c.type.equals(o.type) && c.status.equals(o.status))
                        .findFirst()
                        .ifPresent(o -> c.lastTransitionTime = o.lastTransitionTime);
            }
            conditions.add(c);
        }
        next.conditions = conditions;
        if (Objects.equals(current.phase, next.phase)
                && Objects.equals(current.imageCacheId, next.imageCacheId)
                && Objects.equals(current.progress, next.progress)
                && Objects.equals(current.events, next.events)
                && Objects.equals(current.observedGeneration, next.observedGeneration)
                && Objects.equals(current.conditions, next.conditions)) {
            return;
        }
        try {
            StatusPatch.replace(client, ImageCache.class, ic.getMetadata().getName(), next);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }
}
