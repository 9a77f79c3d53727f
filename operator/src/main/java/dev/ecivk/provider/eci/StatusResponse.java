package dev.ecivk.provider.eci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * DescribeContainerGroupStatus's answer, keys exactly as ECI spells them (eci-api-newer.md §3.1): lowercase {@code
 * type}/{@code status}/{@code lastTransitionTime} in conditions, {@code Running.StartedAtstartedAt}.
 */
record StatusResponse(
        @JsonProperty("NextToken") String nextToken,
        @JsonProperty("TotalCount") Integer totalCount,
        @JsonProperty("Data") List<Entry> data) {

    record Entry(
            @JsonProperty("ContainerGroupId") String containerGroupId,
            @JsonProperty("Name") String name,
            @JsonProperty("Status") String status,
            @JsonProperty("PodStatus") PodStatus podStatus) {}

    record PodStatus(
            @JsonProperty("Phase") String phase,
            @JsonProperty("HostIp") String hostIp,
            @JsonProperty("PodIp") String podIp,
            @JsonProperty("QosClass") String qosClass,
            @JsonProperty("StartTime") String startTime,
            @JsonProperty("Conditions") List<Condition> conditions,
            @JsonProperty("ContainerStatuses") List<ContainerStatus> containerStatuses) {}

    record Condition(
            @JsonProperty("type") String type,
            @JsonProperty("status") String status,
            @JsonProperty("lastTransitionTime") String lastTransitionTime,
            @JsonProperty("Reason") String reason,
            @JsonProperty("Message") String message) {}

    record ContainerStatus(
            @JsonProperty("Name") String name,
            @JsonProperty("Image") String image,
            @JsonProperty("ImageID") String imageId,
            @JsonProperty("Ready") Boolean ready,
            @JsonProperty("Started") Boolean started,
            @JsonProperty("RestartCount") Integer restartCount,
            @JsonProperty("State") State state,
            @JsonProperty("LastState") State lastState) {}

    /** Exactly one of the three is set; none for a container with no previous run. */
    record State(
            @JsonProperty("Waiting") Waiting waiting,
            @JsonProperty("Running") Running running,
            @JsonProperty("Terminated") Terminated terminated) {}

    record Waiting(
            @JsonProperty("Reason") String reason,
            @JsonProperty("Message") String message) {}

    record Running(@JsonProperty("StartedAtstartedAt") String startedAt) {}

    record Terminated(
            @JsonProperty("ContainerID") String containerId,
            @JsonProperty("ExitCode") Integer exitCode,
            @JsonProperty("Signal") Integer signal,
            @JsonProperty("Reason") String reason,
            @JsonProperty("Message") String message,
            @JsonProperty("StartedAt") String startedAt,
            @JsonProperty("FinishedAt") String finishedAt) {}
}
