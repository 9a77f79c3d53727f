package dev.ecivk.provider.vm;

import dev.ecivk.provider.ProviderException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One cloud's VM API, as the VM-per-Pod backend needs it: a catalogue of instance types, an idempotent launch, a
 * batched describe, tag listing and teardown. Implementations wrap the cloud's official SDK (Alibaba Cloud
 * {@code ecs20140526}, Huawei Cloud {@code huaweicloud-sdk-ecs}) and classify every failure into the SPI's
 * {@link dev.ecivk.provider.FailureClass} from the cloud's documented codes. They know nothing of Pods, agents or
 * Kubernetes: the generic {@link VmProvider} does the rest.
 */
public interface VmCloud extends AutoCloseable {

    /** The backend name of this cloud ({@code ecs}, {@code huawei-ecs}), used in logs, metrics and tags. */
    String kind();

    /** The instance types (flavors) sellable in {@code zoneId}, with their size and hourly price where known. */
    List<InstanceTypeOffer> instanceTypes(String zoneId) throws ProviderException;

    /**
     * Launches one instance. Idempotent on {@link LaunchRequest#clientToken()}: a repeated call with the same token
     * returns the same instance id (Alibaba: {@code ClientToken}; Huawei: the job pattern, submit then poll the job
     * until it names the server). Returns within seconds: a cloud that takes longer reports the instance as
     * pending in {@link #describe}.
     *
     * @return the instance id
     */
    String launch(LaunchRequest request) throws ProviderException;

    /** The instances with these ids (batched as the API allows); unknown ids are absent from the answer. */
    List<VmInstance> describe(List<String> instanceIds) throws ProviderException;

    /** Every instance carrying all of {@code tags}, page by page; never a partial answer. */
    List<VmInstance> listByTags(Map<String, String> tags) throws ProviderException;

    /** One instance by id. */
    default Optional<VmInstance> get(String instanceId) throws ProviderException {
        return describe(List.of(instanceId)).stream().findFirst();
    }

    /**
     * Starts the teardown of an instance as the cloud requires it (Alibaba: force-stop, wait for {@code Stopped},
     * delete; Huawei: the delete-servers job). Repeatable: each call advances the teardown; returns true once the
     * instance is gone. {@link dev.ecivk.provider.FailureClass#NOT_FOUND} when it was already gone.
     */
    boolean terminate(String instanceId) throws ProviderException;

    /** The API actions this cloud's calls are named by (metrics exist for each before its first call). */
    default Set<String> knownActions() {
        return Set.of();
    }

    /** A cheap call that proves the cloud answers and the credentials work. */
    void ping() throws ProviderException;

    @Override
    default void close() {}
}
