package dev.ecivk.pod;

import dev.ecivk.cloud.StockAwarePlacement;
import dev.ecivk.events.EventReason;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.StockLevels;
import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import dev.ecivk.translate.OwnershipTags;
import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.Translation;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The create step of a Pod: node defaults, references, translation, then the create call across the node's vSwitches
 * in the order stock-aware placement gives (zones without stock left out), the next one on a no-stock answer. What
 * the Pod must show when it cannot be created (waiting for a reference,
 * refused, failed) comes back as a status to record; a failure worth retrying as an exception.
 */
final class GroupCreator {
    /** ECI's answer to a ClientToken used again with other parameters. */
    static final String IDEMPOTENT_MISMATCH = "IdempotentParameterMismatch";

    private static final Logger LOG = LoggerFactory.getLogger(GroupCreator.class);
    /** How soon a Pod waiting for a missing reference or an image cache looks again. */
    static final Duration RECHECK = Duration.ofSeconds(15);

    private final Provider provider;
    private final Function<Pod, RefResolution> refs;
    private final PodDefaulting defaults;
    private final PodEventSink events;
    private final PodSettings settings;
    private final StockAwarePlacement placement;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();

    /** A group made, and the vSwitch it was made in. */
    private record Made(String groupId, String vSwitch, List<String> avoidedZones) {}

    /**
     * How a create ended.
     *
     * @param groupId the created group (absent when none was made)
     * @param asked what the create asked for (zone, size, billing), when a group was made
     * @param status what the Pod must show now, or null
     * @param recheck when to look again when the Pod waits for something, or null
     * @param retry a failure to retry with back-off once {@code status} is recorded (no capacity), or null
     */
    record Outcome(
            String groupId, GroupStates.Created asked, PodStatus status, Duration recheck, ProviderException retry) {
        static Outcome created(String groupId, GroupStates.Created asked) {
            return new Outcome(groupId, asked, null, null, null);
        }

        static Outcome waiting(PodStatus status, Duration recheck) {
            return new Outcome(null, null, status, recheck, null);
        }

        static Outcome failed(PodStatus status) {
            return new Outcome(null, null, status, null, null);
        }

        static Outcome retryAfterRecording(PodStatus status, ProviderException failure) {
            return new Outcome(null, null, status, null, failure);
        }
    }

    GroupCreator(
            Provider provider,
            Function<Pod, RefResolution> refs,
            PodDefaulting defaults,
            PodEventSink events,
            PodSettings settings,
            StockAwarePlacement placement,
            Clock clock) {
        this.provider = provider;
        this.placement = placement;
        this.refs = refs;
        this.defaults = defaults;
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Creates the Pod's group.
     *
     * @throws ProviderException a transient failure (retried with back-off; the Pod is left as it is)
     */
    Outcome create(Pod pod) throws ProviderException {
        inFlight.incrementAndGet();
        try {
            return createNow(pod);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Creates under way now, on all reconcile threads. */
    int inFlight() {
        return inFlight.get();
    }

    private Outcome createNow(Pod pod) throws ProviderException {
        if (PodTranslator.isDaemonSetPod(pod)) {
            String message = "DaemonSet Pods are not run on virtual nodes; keep DaemonSets off this node with a "
                    + "nodeAffinity that excludes type=virtual-kubelet.";
            events.record(pod, EventReason.DaemonSetPodRejected, message);
            return Outcome.waiting(pending(pod, EventReason.DaemonSetPodRejected.name(), message), null);
        }
        PodDefaulting.Defaulted defaulted = defaults.apply(pod);
        if (defaulted.waiting()) {
            events.record(pod, defaulted.waitReason(), defaulted.waitMessage());
            return Outcome.waiting(pending(pod, defaulted.waitReason().name(), defaulted.waitMessage()), RECHECK);
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
            return Outcome.waiting(pending(pod, first.reason(), first.message()), RECHECK);
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
            return Outcome.failed(failed(pod, EventReason.UnsupportedPodSpec.name(), message));
        }
        ContainerGroupSpec spec = translation.spec();
        try {
            Made made = createWithFailover(pod, spec);
            events.record(
                    pod,
                    EventReason.ProviderCreateSuccess,
                    "Created container group " + made.groupId() + " in " + made.vSwitch()
                            + (made.avoidedZones().isEmpty()
                                    ? ""
                                    : " (zones without stock for its size skipped: "
                                            + String.join(", ", made.avoidedZones()) + ")"));
            LOG.info("Created container group {} for {}/{}", made.groupId(), ns(pod), name(pod));
            return Outcome.created(
                    made.groupId(),
                    new GroupStates.Created(
                            placement.zoneOf(made.vSwitch()).orElse(null),
                            made.vSwitch(),
                            spec.cpu(),
                            spec.memory(),
                            spec.instanceType(),
                            spec.spotStrategy()));
        } catch (ProviderException e) {
            switch (e.failureClass()) {
                case CAPACITY -> {
                    String message = placement.shortage(e) == StockLevels.Shortage.ACCOUNT
                            ? "The account's quota is used up (" + e.code() + "); retrying."
                            : "No capacity in any vSwitch (" + e.code() + "); retrying.";
                    events.record(pod, EventReason.CapacityRetry, message);
                    return Outcome.retryAfterRecording(pending(pod, "ProviderCapacity", message), e);
                }
                case PERMANENT, NOT_FOUND -> {
                    String message = EchoScrubber.scrub(e.getMessage(), resolution.refs(), spec);
                    events.record(pod, EventReason.ProviderCreateFailed, message);
                    return Outcome.failed(failed(pod, "ProviderFailed", message));
                }
                default -> {
                    // throttling or a 5xx: the Pod waits, it never fails for it
                    LOG.debug("Create of {}/{} hit {}, retrying", ns(pod), name(pod), e.code());
                    throw e;
                }
            }
        }
    }

    /**
     * A spec our code could not read (null list elements, unparsable quantities: what a validating apiserver never
     * stores). Retrying cannot help, and an exception would leave the Pod Pending without a word: fail it visibly.
     * Only the exception type is shown; its message may quote spec values, which can come from a Secret.
     */
    private Outcome unreadable(Pod pod, RuntimeException e) {
        LOG.warn(
                "Cannot read the spec of {}/{}: {} at {}",
                ns(pod),
                name(pod),
                e.getClass().getName(),
                e.getStackTrace().length == 0 ? "?" : e.getStackTrace()[0]);
        String message = "The Pod cannot run on ECI: its spec could not be read ("
                + e.getClass().getSimpleName() + "); check it for empty list entries and invalid values.";
        events.record(pod, EventReason.UnsupportedPodSpec, message);
        return Outcome.failed(failed(pod, EventReason.UnsupportedPodSpec.name(), message));
    }

    /**
     * Tries the node's vSwitches (the Pod's own first) in the order placement gives, until one has stock. A zone that
     * answered no stock is not tried again for this Pod; a shortage of the account (its quota) ends the walk, as no
     * other vSwitch can help.
     */
    private Made createWithFailover(Pod pod, ContainerGroupSpec spec) throws ProviderException {
        List<String> candidates = new ArrayList<>();
        candidates.add(spec.vSwitchId());
        settings.vSwitchIds().stream().filter(v -> !candidates.contains(v)).forEach(candidates::add);
        if (settings.randomVSwitchOrder()) {
            Collections.shuffle(candidates);
        }
        StockAwarePlacement.Plan plan = placement.plan(spec, candidates);
        if (plan.vSwitches().isEmpty()) {
            throw new ProviderException(
                    FailureClass.CAPACITY,
                    "NoStock",
                    "CreateContainerGroup",
                    "no zone of the node's vSwitches has stock for the Pod's size ("
                            + String.join(", ", plan.avoidedZones()) + ")");
        }
        ProviderException last = null;
        Set<String> zonesWithout = new HashSet<>();
        for (String vSwitch : plan.vSwitches()) {
            Optional<String> zone = placement.zoneOf(vSwitch);
            if (zone.isPresent() && zonesWithout.contains(zone.get())) {
                continue;
            }
            try {
                return new Made(
                        provider.create(spec.toBuilder().vSwitchId(vSwitch).build()), vSwitch, plan.avoidedZones());
            } catch (ProviderException e) {
                if (IDEMPOTENT_MISMATCH.equals(e.code())) {
                    return earlierCreate(pod, e, vSwitch, plan.avoidedZones());
                }
                if (e.failureClass() != FailureClass.CAPACITY) {
                    throw e;
                }
                last = e;
                StockLevels.Shortage shortage = placement.shortage(e);
                if (shortage == StockLevels.Shortage.ACCOUNT) {
                    throw e;
                }
                if (shortage == StockLevels.Shortage.ZONE) {
                    placement.noStock(spec, vSwitch);
                    zone.ifPresent(zonesWithout::add);
                }
                events.record(
                        pod,
                        EventReason.VSwitchFailover,
                        "vSwitch " + vSwitch + " has no capacity (" + e.code() + "), trying the next one");
            }
        }
        throw last;
    }

    /**
     * ECI refuses a create whose ClientToken (the Pod's UID) an earlier create used with other parameters: that earlier
     * attempt made the Pod's group though its answer was lost (a timeout, a reset), and this one differs (a fresh
     * service-account token, another vSwitch order). The group is the Pod's: it is found by the Pod's UID tag and
     * adopted. Until a listing shows it, the create is retried like any transient failure, never failed.
     */
    private Made earlierCreate(Pod pod, ProviderException mismatch, String vSwitch, List<String> avoidedZones)
            throws ProviderException {
        String uid = pod.getMetadata().getUid();
        // a live group first; one that already ended is still the Pod's, and its status then says how it ended
        Optional<ContainerGroupState> earlier = provider.list(ListQuery.byTags(Map.of(OwnershipTags.UID, uid))).stream()
                .min(java.util.Comparator.comparing(ContainerGroupState::isTerminal));
        if (earlier.isEmpty()) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    mismatch.code(),
                    mismatch.action(),
                    "an earlier create with this Pod's token made a group no listing shows yet");
        }
        LOG.info(
                "An earlier create for {}/{} made container group {} (its answer was lost); adopting it",
                ns(pod),
                name(pod),
                earlier.get().id());
        return new Made(
                earlier.get().id(),
                earlier.get().vSwitchId() == null ? vSwitch : earlier.get().vSwitchId(),
                avoidedZones);
    }

    /** The translation context of the node, for the given vSwitch. */
    TranslationContext context(String vSwitchId) {
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

    private PodStatus pending(Pod pod, String reason, String message) {
        return PodStatuses.pending(pod, reason, message, settings.nodeIp());
    }

    private PodStatus failed(Pod pod, String reason, String message) {
        return PodStatuses.failed(pod, reason, message, settings.nodeIp(), clock.instant());
    }

    static EventReason reasonOf(String reason) {
        try {
            return EventReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return EventReason.ProviderFailed;
        }
    }

    private static String ns(Pod pod) {
        return pod.getMetadata().getNamespace();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }
}
