package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.OwnershipTags;
import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.StatusTranslator;
import dev.ecivk.translate.Translation;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet duties for the Pods bound to one virtual node: observe the container group (from the batched poll),
 * record the Pod status, then create or delete. No finalizers: deletion follows the kubelet protocol.
 */
public final class PodReconciler implements Reconciler<Pod> {
    private static final Logger LOG = LoggerFactory.getLogger(PodReconciler.class);
    /** The container group that runs a Pod; written once after create, read by the kubelet API. */
    public static final String GROUP_ID_ANNOTATION = "ecivk.dev/container-group-id";

    static final Duration WAIT_FOR_FIRST_POLL = Duration.ofSeconds(1);
    static final Duration MISSING_REF_RECHECK = Duration.ofSeconds(15);
    static final Duration DELETE_RECHECK = Duration.ofSeconds(2);

    private final Provider provider;
    private final ContainerGroupSource groups;
    private final RefResolving refs;
    private final PodEventSink events;
    private final PodSettings settings;
    private final PodDefaulting defaults;
    private final Clock clock;
    private final PodWriter writer;
    private final JitteredRetry capacityBackoff = new JitteredRetry(Duration.ofSeconds(5), Duration.ofMinutes(2));
    private final JitteredRetry transientBackoff = new JitteredRetry(Duration.ofMillis(500), Duration.ofSeconds(20));
    private final Map<String, Integer> transientAttempts = new java.util.concurrent.ConcurrentHashMap<>();
    /** The image set last sent with UpdateContainerGroup per Pod UID, so one change is sent once. */
    private final Map<String, String> requestedImages = new java.util.concurrent.ConcurrentHashMap<>();

    private final StartListener listener;
    private volatile IndexerResourceCache<Pod> cache;

    /** Told when a Pod's group is created and when the Pod first runs, for start-latency metrics. */
    public interface StartListener {
        void onCreated(Pod pod, Duration sinceBound);

        void onRunning(Pod pod, Duration sinceBound);

        StartListener NONE = new StartListener() {
            @Override
            public void onCreated(Pod pod, Duration sinceBound) {}

            @Override
            public void onRunning(Pod pod, Duration sinceBound) {}
        };
    }

    /** Reads the ConfigMaps, Secrets and tokens a Pod references (a seam for the apiserver reads). */
    public interface RefResolving extends Function<Pod, RefResolution> {}

    public PodReconciler(
            io.fabric8.kubernetes.client.KubernetesClient client,
            Provider provider,
            ContainerGroupSource groups,
            RefResolving refs,
            PodEventSink events,
            PodSettings settings,
            Clock clock) {
        this(client, provider, groups, refs, events, settings, PodDefaulting.NONE, clock, StartListener.NONE);
    }

    /** With a node's Pod defaults (annotations and named image caches). */
    public PodReconciler(
            io.fabric8.kubernetes.client.KubernetesClient client,
            Provider provider,
            ContainerGroupSource groups,
            RefResolving refs,
            PodEventSink events,
            PodSettings settings,
            PodDefaulting defaults,
            Clock clock) {
        this(client, provider, groups, refs, events, settings, defaults, clock, StartListener.NONE);
    }

    /** With Pod defaults and a listener told about starts (for metrics). */
    public PodReconciler(
            io.fabric8.kubernetes.client.KubernetesClient client,
            Provider provider,
            ContainerGroupSource groups,
            RefResolving refs,
            PodEventSink events,
            PodSettings settings,
            PodDefaulting defaults,
            Clock clock,
            StartListener listener) {
        this.listener = listener;
        this.defaults = defaults;
        this.provider = provider;
        this.groups = groups;
        this.refs = refs;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
        this.writer = new PodWriter(client);
    }

    @Override
    public List<EventSource<?, Pod>> prepareEventSources(EventSourceContext<Pod> context) {
        this.cache = context.getPrimaryCache();
        return List.of(groups);
    }

    /** The informer's view of this node's Pods (empty before the controller started). */
    public List<Pod> cachedPods() {
        IndexerResourceCache<Pod> c = cache;
        return c == null
                ? List.of()
                : c.list()
                        .filter(p -> p.getSpec() != null
                                && settings.nodeName().equals(p.getSpec().getNodeName()))
                        .toList();
    }

    /**
     * Asks the apiserver to delete every Pod of the node that is not already being deleted (the node itself is going
     * away); each then follows the kubelet deletion protocol. Returns how many were asked.
     */
    public int deleteAllPods() {
        int asked = 0;
        for (Pod pod : cachedPods()) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                writer.deleteGracefully(pod);
                asked++;
            }
        }
        return asked;
    }

    @Override
    public UpdateControl<Pod> reconcile(Pod pod, Context<Pod> context) throws ProviderException {
        if (!settings.nodeName().equals(pod.getSpec().getNodeName())) {
            return UpdateControl.noUpdate();
        }
        if (!groups.hasSynced()) {
            // Before the first poll an absent group means "unknown": creating now could duplicate one.
            return UpdateControl.<Pod>noUpdate().rescheduleAfter(WAIT_FOR_FIRST_POLL);
        }
        String uid = pod.getMetadata().getUid();
        Optional<ContainerGroupState> group = groups.forPod(uid);
        if (!context.isPrimaryResourceDeleted()) {
            groups.remember(
                    uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        }

        if (context.isPrimaryResourceDeleted() || pod.getMetadata().getDeletionTimestamp() != null) {
            return delete(pod, group, context.isPrimaryResourceDeleted());
        }
        if (group.isPresent()) {
            group.get().events().forEach(e -> events.forward(pod, e));
            updateImagesIfChanged(pod, group.get());
            PodStatus desired = StatusTranslator.toPodStatus(pod, group.get(), settings.nodeIp(), clock.instant());
            boolean firstRunning = "Running".equals(desired.getPhase())
                    && (pod.getStatus() == null
                            || !"Running".equals(pod.getStatus().getPhase()))
                    && !StatusTranslator.isTerminalPhase(
                            pod.getStatus() == null ? null : pod.getStatus().getPhase());
            if (writer.writeStatus(pod, desired) && firstRunning) {
                listener.onRunning(pod, sinceBound(pod));
            }
            return UpdateControl.noUpdate();
        }
        if (groups.recentCreate(uid).isPresent()) {
            return UpdateControl.noUpdate(); // created; the next poll brings its status
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (StatusTranslator.isTerminalPhase(phase)) {
            return UpdateControl.noUpdate(); // the provider forgot a finished group: keep the last status
        }
        if (wasCreated(pod)) {
            vanished(pod);
            return UpdateControl.noUpdate();
        }
        return create(pod);
    }

    /**
     * The image is the one container field Kubernetes lets change on a running Pod that ECI can apply in place
     * (UpdateContainerGroup replaces the container list). activeDeadlineSeconds, tolerations, labels and
     * annotations cannot reach a running group and stay as created.
     */
    private void updateImagesIfChanged(Pod pod, ContainerGroupState group) {
        if (!ContainerGroupState.Status.RUNNING.equals(group.status())
                && !ContainerGroupState.Status.PENDING.equals(group.status())) {
            return;
        }
        Map<String, String> running = new java.util.HashMap<>();
        group.containers().forEach(c -> running.put(c.name(), c.image()));
        group.initContainers().forEach(c -> running.put(c.name(), c.image()));
        String wanted = imageSignature(pod);
        boolean differs = java.util.stream.Stream.concat(
                        pod.getSpec().getContainers().stream(),
                        pod.getSpec().getInitContainers() == null
                                ? java.util.stream.Stream.empty()
                                : pod.getSpec().getInitContainers().stream())
                .anyMatch(c -> running.containsKey(c.getName())
                        && running.get(c.getName()) != null
                        && !running.get(c.getName()).equals(c.getImage()));
        String uid = pod.getMetadata().getUid();
        if (!differs || wanted.equals(requestedImages.get(uid))) {
            return;
        }
        RefResolution resolution = refs.apply(pod);
        Translation translation = PodTranslator.translate(pod, resolution.refs(), context(group.vSwitchId()));
        if (!resolution.complete() || !translation.ok()) {
            events.record(
                    pod,
                    EventReason.ProviderUpdateFailed,
                    "The new spec cannot be translated; keeping the running one");
            requestedImages.put(uid, wanted);
            return;
        }
        String token = uid + "-u-" + Integer.toHexString(wanted.hashCode());
        try {
            provider.update(
                    group.id(),
                    token,
                    translation.spec().containers(),
                    translation.spec().initContainers());
            requestedImages.put(uid, wanted);
            events.record(
                    pod, EventReason.ProviderUpdateSuccess, "Updated the images of container group " + group.id());
            LOG.info("Updated the images of {}/{} in {}", ns(pod), name(pod), group.id());
        } catch (ProviderException e) {
            if (e.failureClass() != FailureClass.TRANSIENT) {
                requestedImages.put(uid, wanted);
                events.record(pod, EventReason.ProviderUpdateFailed, e.code() + ": " + e.getMessage());
            }
        }
    }

    private static String imageSignature(Pod pod) {
        StringBuilder b = new StringBuilder();
        pod.getSpec()
                .getContainers()
                .forEach(c ->
                        b.append(c.getName()).append('=').append(c.getImage()).append(';'));
        if (pod.getSpec().getInitContainers() != null) {
            pod.getSpec()
                    .getInitContainers()
                    .forEach(c -> b.append(c.getName())
                            .append('=')
                            .append(c.getImage())
                            .append(';'));
        }
        return b.toString();
    }

    /** A Pod we created a group for (annotation or reported container ids) whose group is gone. */
    private static boolean wasCreated(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations != null && annotations.containsKey(GROUP_ID_ANNOTATION);
    }

    private void vanished(Pod pod) {
        String message = "The container group of this Pod no longer exists at the provider.";
        LOG.warn("Container group of {}/{} vanished", ns(pod), name(pod));
        events.record(pod, EventReason.ContainerGroupVanished, message);
        writeStatus(pod, StatusTranslator.vanished(pod, clock.instant(), message));
    }

    private UpdateControl<Pod> create(Pod pod) throws ProviderException {
        if (PodTranslator.isDaemonSetPod(pod)) {
            String message = "DaemonSet Pods are not run on virtual nodes; keep DaemonSets off this node with a "
                    + "nodeAffinity that excludes type=virtual-kubelet.";
            events.record(pod, EventReason.DaemonSetPodRejected, message);
            writeStatus(pod, pendingStatus(pod, EventReason.DaemonSetPodRejected.name(), message));
            return UpdateControl.noUpdate();
        }
        PodDefaulting.Defaulted defaulted = defaults.apply(pod);
        if (defaulted.waiting()) {
            events.record(pod, defaulted.waitReason(), defaulted.waitMessage());
            writeStatus(pod, pendingStatus(pod, defaulted.waitReason().name(), defaulted.waitMessage()));
            return UpdateControl.<Pod>noUpdate().rescheduleAfter(MISSING_REF_RECHECK);
        }
        RefResolution resolution;
        try {
            resolution = refs.apply(pod);
        } catch (KubernetesClientException e) {
            throw e; // the apiserver could not be read: retried
        } catch (RuntimeException e) {
            return unreadable(pod, e);
        }
        resolution.missingOptional().forEach(m -> events.record(pod, reasonOf(m.reason()), m.message()));
        resolution.warnings().forEach(w -> events.record(pod, reasonOf(w.reason()), w.message()));
        if (!resolution.missingMandatory().isEmpty()) {
            MissingRef first = resolution.missingMandatory().get(0);
            resolution.missingMandatory().forEach(m -> events.record(pod, reasonOf(m.reason()), m.message()));
            writeStatus(pod, pendingStatus(pod, first.reason(), first.message()));
            return UpdateControl.<Pod>noUpdate().rescheduleAfter(MISSING_REF_RECHECK);
        }
        Translation translation;
        try {
            translation = PodTranslator.translate(
                    defaulted.pod(),
                    resolution.refs(),
                    context(settings.vSwitchIds().get(0)));
        } catch (RuntimeException e) {
            return unreadable(pod, e);
        }
        translation.warnings().forEach(w -> events.record(pod, reasonOf(w.reason()), w.message()));
        if (!translation.ok()) {
            String message = "The Pod cannot run on ECI: " + String.join("; ", translation.problems());
            events.record(pod, EventReason.UnsupportedPodSpec, message);
            writeStatus(pod, failedStatus(pod, EventReason.UnsupportedPodSpec.name(), message));
            return UpdateControl.noUpdate();
        }
        ContainerGroupSpec spec = translation.spec();
        String groupId;
        try {
            groupId = createWithFailover(pod, spec);
        } catch (ProviderException e) {
            switch (e.failureClass()) {
                case CAPACITY -> {
                    int attempt = capacityAttempts(pod);
                    String message = "No capacity in any vSwitch (" + e.code() + "); retrying.";
                    events.record(pod, EventReason.CapacityRetry, message);
                    writeStatus(pod, pendingStatus(pod, "ProviderCapacity", message));
                    return UpdateControl.<Pod>noUpdate().rescheduleAfter(capacityBackoff.delayMillis(attempt));
                }
                case PERMANENT, NOT_FOUND -> {
                    String message = EchoScrubber.scrub(e.getMessage(), resolution.refs(), spec);
                    events.record(pod, EventReason.ProviderCreateFailed, message);
                    writeStatus(pod, failedStatus(pod, "ProviderFailed", message));
                    return UpdateControl.noUpdate();
                }
                default -> {
                    // throttling or a 5xx: the Pod waits, it never fails for it
                    int attempt = transientAttempts.merge(pod.getMetadata().getUid(), 1, Integer::sum);
                    LOG.debug("Create of {}/{} hit {} (attempt {}), retrying", ns(pod), name(pod), e.code(), attempt);
                    return UpdateControl.<Pod>noUpdate().rescheduleAfter(transientBackoff.delayMillis(attempt));
                }
            }
        }
        transientAttempts.remove(pod.getMetadata().getUid());
        groups.recordCreate(pod.getMetadata().getUid(), groupId);
        listener.onCreated(pod, sinceBound(pod));
        events.record(pod, EventReason.ProviderCreateSuccess, "Created container group " + groupId);
        LOG.info("Created container group {} for {}/{}", groupId, ns(pod), name(pod));
        try {
            writer.annotate(pod, Map.of(GROUP_ID_ANNOTATION, groupId));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            // the Pod was deleted while its group was being created: the group must not outlive it
            return delete(pod, Optional.empty(), true);
        }
        return UpdateControl.noUpdate();
    }

    /**
     * A spec our code could not read (null list elements, unparsable quantities: what a validating apiserver never
     * stores). Retrying cannot help, and an exception would leave the Pod Pending without a word: fail it visibly.
     * Only the exception type is shown; its message may quote spec values.
     */
    private UpdateControl<Pod> unreadable(Pod pod, RuntimeException e) {
        // not the message: it may quote a value of the spec, which can come from a Secret
        LOG.warn(
                "Cannot read the spec of {}/{}: {} at {}",
                ns(pod),
                name(pod),
                e.getClass().getName(),
                e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
        String message = "The Pod cannot run on ECI: its spec could not be read ("
                + e.getClass().getSimpleName() + "); check it for empty list entries and invalid values.";
        events.record(pod, EventReason.UnsupportedPodSpec, message);
        writeStatus(pod, failedStatus(pod, EventReason.UnsupportedPodSpec.name(), message));
        return UpdateControl.noUpdate();
    }

    private final Map<String, Integer> capacityAttempts = new java.util.concurrent.ConcurrentHashMap<>();

    private int capacityAttempts(Pod pod) {
        return capacityAttempts.merge(pod.getMetadata().getUid(), 1, Integer::sum);
    }

    /** Tries the node's vSwitches (the Pod's own list first) until one has stock. */
    private String createWithFailover(Pod pod, ContainerGroupSpec spec) throws ProviderException {
        List<String> candidates = new ArrayList<>();
        candidates.add(spec.vSwitchId());
        settings.vSwitchIds().stream().filter(v -> !candidates.contains(v)).forEach(candidates::add);
        if (settings.randomVSwitchOrder()) {
            Collections.shuffle(candidates);
        }
        ProviderException last = null;
        for (String vSwitch : candidates) {
            try {
                String id = provider.create(spec.toBuilder().vSwitchId(vSwitch).build());
                capacityAttempts.remove(pod.getMetadata().getUid());
                return id;
            } catch (ProviderException e) {
                if (e.failureClass() != FailureClass.CAPACITY) {
                    throw e;
                }
                last = e;
                events.record(
                        pod,
                        EventReason.VSwitchFailover,
                        "vSwitch " + vSwitch + " has no capacity (" + e.code() + "), trying the next one");
            }
        }
        throw last;
    }

    private UpdateControl<Pod> delete(Pod pod, Optional<ContainerGroupState> group, boolean podGone)
            throws ProviderException {
        String uid = pod.getMetadata().getUid();
        Optional<String> groupId = group.map(ContainerGroupState::id).or(() -> groups.recentCreate(uid));
        if (groupId.isPresent()) {
            try {
                provider.delete(groupId.get(), uid + "-delete");
                events.record(pod, EventReason.ProviderDeleteSuccess, "Deleted container group " + groupId.get());
            } catch (ProviderException e) {
                if (!e.isNotFound()) {
                    if (e.failureClass() != FailureClass.TRANSIENT) {
                        events.record(pod, EventReason.ProviderDeleteFailed, e.code() + ": " + e.getMessage());
                    }
                    throw e; // retried with backoff; the Pod stays until its group is really gone
                }
            }
            groups.forget(uid);
            capacityAttempts.remove(uid);
            transientAttempts.remove(uid);
            requestedImages.remove(uid);
        }
        if (podGone) {
            groups.forgetPod(uid);
        } else {
            writer.deleteNow(pod);
            LOG.info("Deleted {}/{}", ns(pod), name(pod));
        }
        return UpdateControl.noUpdate();
    }

    /** Time since the scheduler bound the Pod (its PodScheduled condition), else since it was created. */
    private Duration sinceBound(Pod pod) {
        String bound = pod.getStatus() == null || pod.getStatus().getConditions() == null
                ? null
                : pod.getStatus().getConditions().stream()
                        .filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()))
                        .map(io.fabric8.kubernetes.api.model.PodCondition::getLastTransitionTime)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
        String from = bound != null ? bound : pod.getMetadata().getCreationTimestamp();
        if (from == null) {
            return Duration.ZERO;
        }
        try {
            Duration d = Duration.between(java.time.Instant.parse(from), clock.instant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (java.time.format.DateTimeParseException e) {
            return Duration.ZERO;
        }
    }

    private TranslationContext context(String vSwitchId) {
        return new TranslationContext(
                settings.nodeName(),
                settings.clusterId(),
                settings.regionId(),
                vSwitchId,
                settings.securityGroupId(),
                settings.resourceGroupId(),
                settings.clusterDns().get(),
                settings.clusterDomain(),
                settings.nodeIp());
    }

    private void writeStatus(Pod pod, PodStatus desired) {
        writer.writeStatus(pod, desired);
    }

    private PodStatus pendingStatus(Pod pod, String reason, String message) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        return new PodStatusBuilder(current)
                .withPhase("Pending")
                .withReason(reason)
                .withMessage(message)
                .withHostIP(settings.nodeIp())
                .build();
    }

    private PodStatus failedStatus(Pod pod, String reason, String message) {
        PodStatus current = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        return new PodStatusBuilder(current)
                .withPhase("Failed")
                .withReason(reason)
                .withMessage(message)
                .withHostIP(settings.nodeIp())
                .withStartTime(
                        current.getStartTime() == null
                                ? StatusTranslator.text(clock.instant())
                                : current.getStartTime())
                .build();
    }

    private static EventReason reasonOf(String reason) {
        try {
            return EventReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return EventReason.ProviderFailed;
        }
    }

    /** Tags that select this node's groups in one list call. */
    public static Map<String, String> nodeSelector(String clusterId, String nodeName) {
        return Map.of(OwnershipTags.CLUSTER, clusterId, OwnershipTags.NODE, nodeName);
    }

    private static String ns(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
