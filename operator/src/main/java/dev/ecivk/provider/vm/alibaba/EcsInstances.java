package dev.ecivk.provider.vm.alibaba;

import com.aliyun.ecs20140526.models.DescribeInstancesResponseBody.DescribeInstancesResponseBodyInstancesInstance;
import dev.ecivk.provider.vm.VmInstance;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ECS's description of an instance, as the SPI's {@link VmInstance}. Pure. */
final class EcsInstances {
    private EcsInstances() {}

    /** ECS's states (vm-apis.md §2.7) to the SPI's; anything else ECS may add is {@code ERROR}. */
    static VmInstance.State state(String status) {
        if (status == null) {
            return VmInstance.State.ERROR;
        }
        return switch (status) {
            case "Pending" -> VmInstance.State.PENDING;
            case "Starting" -> VmInstance.State.STARTING;
            case "Running" -> VmInstance.State.RUNNING;
            case "Stopping" -> VmInstance.State.STOPPING;
            case "Stopped" -> VmInstance.State.STOPPED;
            case "Deleted" -> VmInstance.State.DELETED;
            default -> VmInstance.State.ERROR;
        };
    }

    static VmInstance of(DescribeInstancesResponseBodyInstancesInstance i) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (i.getTags() != null && i.getTags().getTag() != null) {
            i.getTags().getTag().forEach(t -> tags.put(t.getTagKey(), t.getTagValue() == null ? "" : t.getTagValue()));
        }
        String vSwitch = null;
        String ip = null;
        if (i.getVpcAttributes() != null) {
            vSwitch = i.getVpcAttributes().getVSwitchId();
            if (i.getVpcAttributes().getPrivateIpAddress() != null) {
                ip = first(i.getVpcAttributes().getPrivateIpAddress().getIpAddress());
            }
        }
        String lockReason = null;
        if (i.getOperationLocks() != null && i.getOperationLocks().getLockReason() != null) {
            lockReason = i.getOperationLocks().getLockReason().stream()
                    .map(l -> l.getLockReason())
                    .filter(r -> r != null && !r.isEmpty())
                    .findFirst()
                    .orElse(null);
        }
        return new VmInstance(
                i.getInstanceId(),
                i.getInstanceName(),
                state(i.getStatus()),
                i.getStatus(),
                i.getInstanceType(),
                i.getZoneId(),
                vSwitch,
                ip,
                time(i.getCreationTime()),
                tags,
                lockReason != null,
                lockReason);
    }

    private static String first(List<String> values) {
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** ECS writes times to the minute ({@code 2026-01-02T03:04Z}) or to the second. */
    static Instant time(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(value.replace("Z", ":00Z"));
            } catch (DateTimeParseException again) {
                return null;
            }
        }
    }
}
