package dev.ecivk.provider;

import dev.ecivk.provider.model.ContainerGroupSpec;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.provider.model.ListQuery;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The backend that runs container groups: Alibaba Cloud ECI, or the embedded ECI behind the same protocol.
 * It never sees Kubernetes types. Every failure is a {@link ProviderException} with a {@link FailureClass}.
 */
public interface Provider extends AutoCloseable {

    /**
     * Creates a container group. Idempotent on {@link ContainerGroupSpec#clientToken()}: repeating the call with the
     * same token and spec returns the same id.
     *
     * @return the container group id
     */
    String create(ContainerGroupSpec spec) throws ProviderException;

    /**
     * Stops the group's containers as a kubelet stops a deleted Pod's, ahead of {@link #delete}: each container's
     * preStop hook, then SIGTERM, then SIGKILL once {@code gracePeriod} is over. Returns at once; the caller asks
     * again until the progress is done, then deletes. The default has nothing to wait for: ECI stops the containers
     * itself when the group is deleted, with the grace period fixed when it was created (its delete takes none).
     */
    default StopProgress stop(String containerGroupId, Duration gracePeriod) throws ProviderException {
        return StopProgress.DONE;
    }

    /** Deletes a container group; {@link FailureClass#NOT_FOUND} when it is already gone. */
    void delete(String containerGroupId, String clientToken) throws ProviderException;

    /** One container group by id, empty when the provider does not know it (any more). */
    Optional<ContainerGroupState> get(String containerGroupId) throws ProviderException;

    /**
     * All container groups matching the query, fetched in as few calls as the API allows (ids in batches of 20, tag
     * queries page by page). Never a partial answer: a failure on any page fails the whole list.
     */
    List<ContainerGroupState> list(ListQuery query) throws ProviderException;

    /**
     * Replaces the containers and init containers of a running group (UpdateContainerGroup): the only in-place
     * change ECI allows. Volumes, DNS, resources of the group and tags cannot change.
     */
    default void update(
            String containerGroupId,
            String clientToken,
            List<dev.ecivk.provider.model.ContainerSpec> containers,
            List<dev.ecivk.provider.model.ContainerSpec> initContainers)
            throws ProviderException {
        throw new ProviderException(
                FailureClass.PERMANENT, "NotSupported", "UpdateContainerGroup", "this provider cannot update groups");
    }

    /** A cheap call that proves the provider answers and the credentials work. */
    void ping() throws ProviderException;

    @Override
    default void close() {}
}
