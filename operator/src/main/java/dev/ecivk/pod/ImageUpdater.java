package dev.ecivk.pod;

import dev.ecivk.events.EventReason;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.PodTranslator;
import dev.ecivk.translate.Translation;
import dev.ecivk.translate.TranslationContext;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image is the one container field Kubernetes lets change on a running Pod that ECI can apply in place
 * (UpdateContainerGroup replaces the container list). activeDeadlineSeconds, tolerations, labels and annotations
 * cannot reach a running group and stay as created.
 */
final class ImageUpdater {
    private static final Logger LOG = LoggerFactory.getLogger(ImageUpdater.class);

    private final Provider provider;
    private final Function<Pod, RefResolution> refs;
    private final Function<String, TranslationContext> context;
    private final PodEventSink events;
    private final PodMemory memory;

    ImageUpdater(
            Provider provider,
            Function<Pod, RefResolution> refs,
            Function<String, TranslationContext> context,
            PodEventSink events,
            PodMemory memory) {
        this.provider = provider;
        this.refs = refs;
        this.context = context;
        this.events = events;
        this.memory = memory;
    }

    /** Whether the Pod's images differ from its live group's and were not sent for this change yet. */
    boolean wantsUpdate(Pod pod, ContainerGroupState group) {
        if (!ContainerGroupState.Status.RUNNING.equals(group.status())
                && !ContainerGroupState.Status.PENDING.equals(group.status())) {
            return false;
        }
        Map<String, String> running = new HashMap<>();
        group.containers().forEach(c -> running.put(c.name(), c.image()));
        group.initContainers().forEach(c -> running.put(c.name(), c.image()));
        boolean differs = containers(pod)
                .anyMatch(c -> running.get(c.getName()) != null
                        && !running.get(c.getName()).equals(c.getImage()));
        return differs
                && !imageSignature(pod)
                        .equals(memory.of(pod.getMetadata().getUid()).imagesSent());
    }

    /** Sends the Pod's images to its running group when they differ, once per change. */
    void updateIfChanged(Pod pod, ContainerGroupState group) {
        if (!wantsUpdate(pod, group)) {
            return;
        }
        String uid = pod.getMetadata().getUid();
        String wanted = imageSignature(pod);
        RefResolution resolution = refs.apply(pod);
        Translation translation = PodTranslator.translate(pod, resolution.refs(), context.apply(group.vSwitchId()));
        if (!resolution.complete() || !translation.ok()) {
            events.record(
                    pod,
                    EventReason.ProviderUpdateFailed,
                    "The new spec cannot be translated; keeping the running one");
            memory.imagesSent(uid, wanted);
            return;
        }
        String token = uid + "-u-" + Integer.toHexString(wanted.hashCode());
        try {
            provider.update(
                    group.id(),
                    token,
                    translation.spec().containers(),
                    translation.spec().initContainers());
            memory.imagesSent(uid, wanted);
            events.record(
                    pod, EventReason.ProviderUpdateSuccess, "Updated the images of container group " + group.id());
            LOG.info(
                    "Updated the images of {}/{} in {}",
                    pod.getMetadata().getNamespace(),
                    pod.getMetadata().getName(),
                    group.id());
        } catch (ProviderException e) {
            if (e.failureClass() != FailureClass.TRANSIENT) {
                memory.imagesSent(uid, wanted);
                events.record(pod, EventReason.ProviderUpdateFailed, e.code() + ": " + e.getMessage());
            }
        }
    }

    private static Stream<Container> containers(Pod pod) {
        List<Container> init = pod.getSpec().getInitContainers();
        return Stream.concat(pod.getSpec().getContainers().stream(), init == null ? Stream.empty() : init.stream());
    }

    private static String imageSignature(Pod pod) {
        StringBuilder b = new StringBuilder();
        containers(pod)
                .forEach(c ->
                        b.append(c.getName()).append('=').append(c.getImage()).append(';'));
        return b.toString();
    }
}
