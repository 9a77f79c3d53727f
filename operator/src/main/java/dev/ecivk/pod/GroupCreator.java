package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupSpec;
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
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The create step of a Pod: node defaults, references, translation, then the create call across the node's vSwitches
 * (the next one on a no-stock answer). What the Pod must show when it cannot be created (waiting for a reference,
 * refused, failed) comes back as a status to record; a failure worth retrying as an exception.
 */
final class GroupCreator {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCreator.class);
    /** How soon a Pod waiting for a missing reference or an image cache looks again. */
    static final Duration RECHECK = Duration.ofSeconds(15);

    private final Provider provider;
    private final Function<Pod, RefResolution> refs;
    private final PodDefaulting defaults;
    private final PodEventSink events;
    private final PodSettings settings;
    private final Clock clock;

    /**
     * How a create ended.
     *
     * @param groupId the created group (absent when none was made)
     * @param status what the Pod must show now, or null
     * @param recheck when to look again when the Pod waits for something, or null
     * @param retry a failure to retry with back-off once {@code status} is recorded (no capacity), or null
     */
    record Outcome(String groupId, PodStatus status, Duration recheck, ProviderException retry) {
        static Outcome created(String groupId) {
            return new Outcome(groupId, null, null, null);
        }

        static Outcome waiting(PodStatus status, Duration recheck) {
            return new Outcome(null, status, recheck, null);
        }

        static Outcome failed(PodStatus status) {
            return new Outcome(null, status, null, null);
        }

        static Outcome retryAfterRecording(PodStatus status, ProviderException failure) {
            return new Outcome(null, status, null, failure);
        }
    }

    GroupCreator(
            Provider provider,
            Function<Pod, RefResolution> refs,
            PodDefaulting defaults,
            PodEventSink events,
            PodSettings settings,
            Clock clock) {
        this.provider = provider;
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
            String groupId = createWithFailover(pod, spec);
            events.record(pod, EventReason.ProviderCreateSuccess, "Created container group " + groupId);
            LOG.info("Created container group {} for {}/{}", groupId, ns(pod), name(pod));
            return Outcome.created(groupId);
        } catch (ProviderException e) {
            switch (e.failureClass()) {
                case CAPACITY -> {
                    String message = "No capacity in any vSwitch (" + e.code() + "); retrying.";
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

    /** Tries the node's vSwitches (the Pod's own first) until one has stock. */
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
                return provider.create(spec.toBuilder().vSwitchId(vSwitch).build());
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
