package dev.ecivk.provider.eci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** DescribeContainerGroupEvents's answer (eci-api-newer.md §3.2); it has no {@code NextToken}. */
record EventsResponse(
        @JsonProperty("TotalCount") Integer totalCount,
        @JsonProperty("Data") List<Entry> data) {

    record Entry(
            @JsonProperty("ContainerGroupId") String containerGroupId,
            @JsonProperty("Name") String name,
            @JsonProperty("Events") List<Event> events) {}

    record Event(
            @JsonProperty("Type") String type,
            @JsonProperty("Reason") String reason,
            @JsonProperty("Message") String message,
            @JsonProperty("Count") Integer count,
            @JsonProperty("FirstTimestamp") String firstTimestamp,
            @JsonProperty("LastTimestamp") String lastTimestamp,
            @JsonProperty("Source") Source source,
            @JsonProperty("Metadata") Metadata metadata) {}

    record Source(
            @JsonProperty("Component") String component,
            @JsonProperty("Host") String host) {}

    record Metadata(
            @JsonProperty("Name") String name,
            @JsonProperty("Namespace") String namespace) {}
}
