package dev.ecivk.provider;

import dev.ecivk.provider.model.ContainerGroupState;

/**
 * How far {@link Provider#stop} got with a group's containers.
 *
 * @param done the containers have stopped, or there is nothing left to wait for: the group may be deleted now
 * @param state the group as the provider sees it at this moment (the containers' terminations as they happen),
 *     fresher than the last poll; null when it knows nothing newer
 */
public record StopProgress(boolean done, ContainerGroupState state) {
    /** Nothing to wait for, nothing newer to show. */
    public static final StopProgress DONE = new StopProgress(true, null);
}
