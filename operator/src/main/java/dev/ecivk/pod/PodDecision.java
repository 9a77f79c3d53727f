package dev.ecivk.pod;

import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.translate.StatusTranslator;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * The decide step of a Pod's reconcile: from what was observed, the one thing to do and the status the Pod should
 * show. Pure: no I/O, the time is an argument.
 */
final class PodDecision {
    private PodDecision() {}

    /**
     * What the reconciler saw.
     *
     * @param podGone the apiserver deleted the Pod object
     * @param groupsKnown whether the node's groups were listed at least once (before, an absent group is unknown)
     * @param group the Pod's group in the last snapshot
     * @param createdGroupId a group created for the Pod that no snapshot shows yet
     * @param deleteSent the group whose delete already went out for this Pod
     * @param showsOurLastPatch the Pod is exactly as our last status patch left it, and that patch showed {@code
     *     group}: its status needs no new write. It says nothing of what others wrote before that patch landed (a
     *     deletion, say)
     */
    record Observation(
            Pod pod,
            boolean podGone,
            boolean groupsKnown,
            Optional<ContainerGroupState> group,
            Optional<String> createdGroupId,
            String deleteSent,
            boolean showsOurLastPatch) {}

    /** The one thing to do. */
    sealed interface Action {}

    /** Nothing can be decided before the node's groups are known: creating now could duplicate one. */
    record WaitForGroups() implements Action {}

    /** Create the Pod's group. */
    record Create() implements Action {}

    /**
     * Delete the group (when {@code groupId} is present and not already sent), then the Pod object unless it is gone.
     */
    record Delete(Optional<String> groupId, boolean podGone) implements Action {}

    /** Show the group's state on the Pod (and push an image change to it). */
    record Report(ContainerGroupState group, PodStatus desired) implements Action {}

    /** The group of a Pod that ran is gone: fail the Pod so its controller replaces it. */
    record Vanished(PodStatus desired) implements Action {}

    /** Nothing to do now (a group being created, a finished Pod whose group the cloud forgot). */
    record Nothing() implements Action {}

    static final String VANISHED_MESSAGE = "The container group of this Pod no longer exists at the provider.";

    static Action decide(Observation o, String hostIp, Instant now) {
        Pod pod = o.pod();
        if (o.podGone() || pod.getMetadata().getDeletionTimestamp() != null) {
            Optional<String> groupId = o.group().map(ContainerGroupState::id).or(o::createdGroupId);
            if (groupId.isPresent() && groupId.get().equals(o.deleteSent())) {
                groupId = Optional.empty(); // sent already: only the Pod object is left to delete
            }
            return new Delete(groupId, o.podGone());
        }
        if (o.showsOurLastPatch() && o.group().isPresent()) {
            return new Nothing(); // our own patch coming back, and its group has not changed since
        }
        if (!o.groupsKnown()) {
            return new WaitForGroups();
        }
        if (o.group().isPresent()) {
            ContainerGroupState group = o.group().get();
            return new Report(group, StatusTranslator.toPodStatus(pod, group, hostIp, now));
        }
        if (o.createdGroupId().isPresent()) {
            return new Nothing(); // created; the next poll brings its status
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if (StatusTranslator.isTerminalPhase(phase)) {
            return new Nothing(); // the provider forgot a finished group: keep the last status
        }
        if (PodStatuses.showsAGroup(pod)) {
            return new Vanished(StatusTranslator.vanished(pod, now, VANISHED_MESSAGE));
        }
        return new Create();
    }
}
