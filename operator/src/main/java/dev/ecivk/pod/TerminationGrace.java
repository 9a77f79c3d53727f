package dev.ecivk.pod;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;

/**
 * The grace period a deleted Pod's containers get, by the kubelet's rule: the deletion's own
 * ({@code metadata.deletionGracePeriodSeconds}, which the apiserver sets from the delete request or the Pod's spec,
 * and which a later delete may only shorten), else {@code spec.terminationGracePeriodSeconds}, else 30 s.
 */
final class TerminationGrace {
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private TerminationGrace() {}

    static Duration of(Pod pod) {
        Long deletion = pod.getMetadata() == null ? null : pod.getMetadata().getDeletionGracePeriodSeconds();
        if (deletion != null && deletion >= 0) {
            return Duration.ofSeconds(deletion);
        }
        Long spec = pod.getSpec() == null ? null : pod.getSpec().getTerminationGracePeriodSeconds();
        return spec != null && spec >= 0 ? Duration.ofSeconds(spec) : DEFAULT;
    }
}
