package dev.ecivk.provider.vm;

import java.time.Instant;
import java.util.Map;

/**
 * One instance as the cloud reports it.
 *
 * @param state the cloud's state mapped to {@link State}
 * @param cloudState the cloud's own word for it ({@code Running}, {@code ACTIVE}, …), for messages
 * @param locked true when the cloud locked the instance (Alibaba {@code OperationLocks}, Huawei {@code fault})
 */
public record VmInstance(
        String id,
        String name,
        State state,
        String cloudState,
        String instanceType,
        String zoneId,
        String vSwitchId,
        String privateIp,
        Instant creationTime,
        Map<String, String> tags,
        boolean locked,
        String lockReason) {

    public VmInstance {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /** The instance states both clouds share (vm-apis.md §2.7, §5.3). */
    public enum State {
        PENDING,
        STARTING,
        RUNNING,
        STOPPING,
        STOPPED,
        DELETED,
        ERROR
    }
}
