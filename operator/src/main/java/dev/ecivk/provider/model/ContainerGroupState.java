package dev.ecivk.provider.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the provider reports about one container group (DescribeContainerGroups).
 *
 * @param spotStrategy how the group is billed: {@code NoSpot}, {@code SpotAsPriceGo} or {@code SpotWithPriceLimit}
 *     (null when the provider does not say)
 */
public record ContainerGroupState(
        String id,
        String name,
        String status,
        String regionId,
        String zoneId,
        String vSwitchId,
        String intranetIp,
        String ipv6Address,
        String internetIp,
        Instant creationTime,
        Instant succeededTime,
        Instant failedTime,
        Instant expiredTime,
        String restartPolicy,
        Double cpu,
        Double memory,
        String instanceType,
        Map<String, String> tags,
        List<ContainerStatus> containers,
        List<ContainerStatus> initContainers,
        List<GroupEvent> events,
        String spotStrategy) {

    /** A group whose provider does not report a spot strategy (a VM backend, a status-only view). */
    public ContainerGroupState(
            String id,
            String name,
            String status,
            String regionId,
            String zoneId,
            String vSwitchId,
            String intranetIp,
            String ipv6Address,
            String internetIp,
            Instant creationTime,
            Instant succeededTime,
            Instant failedTime,
            Instant expiredTime,
            String restartPolicy,
            Double cpu,
            Double memory,
            String instanceType,
            Map<String, String> tags,
            List<ContainerStatus> containers,
            List<ContainerStatus> initContainers,
            List<GroupEvent> events) {
        this(
                id,
                name,
                status,
                regionId,
                zoneId,
                vSwitchId,
                intranetIp,
                ipv6Address,
                internetIp,
                creationTime,
                succeededTime,
                failedTime,
                expiredTime,
                restartPolicy,
                cpu,
                memory,
                instanceType,
                tags,
                containers,
                initContainers,
                events,
                null);
    }

    public ContainerGroupState {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        containers = containers == null ? List.of() : List.copyOf(containers);
        initContainers = initContainers == null ? List.of() : List.copyOf(initContainers);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** The group status values ECI reports. */
    public static final class Status {
        public static final String PENDING = "Pending";
        public static final String SCHEDULING = "Scheduling";
        public static final String SCHEDULE_FAILED = "ScheduleFailed";
        public static final String RUNNING = "Running";
        public static final String SUCCEEDED = "Succeeded";
        public static final String FAILED = "Failed";
        public static final String RESTARTING = "Restarting";
        public static final String UPDATING = "Updating";
        public static final String TERMINATING = "Terminating";
        public static final String EXPIRED = "Expired";

        private Status() {}
    }

    public boolean isTerminal() {
        return Status.SUCCEEDED.equals(status)
                || Status.FAILED.equals(status)
                || Status.SCHEDULE_FAILED.equals(status)
                || Status.EXPIRED.equals(status);
    }

    /** True when the group runs on spot capacity, which the cloud may take back. */
    public boolean isSpot() {
        return spotStrategy != null && !spotStrategy.isEmpty() && !"NoSpot".equals(spotStrategy);
    }

    /** One container's status. */
    public record ContainerStatus(
            String name,
            String image,
            Boolean ready,
            Integer restartCount,
            ContainerState currentState,
            ContainerState previousState) {}

    /** {@code CurrentState}/{@code PreviousState}: state is Waiting, Running or Terminated. */
    public record ContainerState(
            String state,
            String detailStatus,
            String reason,
            String message,
            Integer exitCode,
            Integer signal,
            Instant startTime,
            Instant finishTime) {
        public static final String WAITING = "Waiting";
        public static final String RUNNING = "Running";
        public static final String TERMINATED = "Terminated";
    }

    /** An event ECI recorded for the group or one of its containers. */
    public record GroupEvent(
            String type,
            String reason,
            String message,
            String name,
            Integer count,
            Instant firstTimestamp,
            Instant lastTimestamp) {}
}
