package dev.ecivk.provider.eci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** DescribeAvailableResource's answer with its XML-style wrappers (eci-api-newer.md §3.3). */
record AvailableResourceResponse(
        @JsonProperty("AvailableZones") Zones availableZones) {

    record Zones(@JsonProperty("AvailableZone") List<Zone> zones) {}

    record Zone(
            @JsonProperty("RegionId") String regionId,
            @JsonProperty("ZoneId") String zoneId,
            @JsonProperty("AvailableResources") Resources availableResources) {}

    record Resources(@JsonProperty("AvailableResource") List<Resource> resources) {}

    record Resource(
            @JsonProperty("Type") String type,
            @JsonProperty("SupportedResources") Supported supportedResources) {}

    record Supported(@JsonProperty("SupportedResource") List<SupportedResource> resources) {}

    record SupportedResource(
            @JsonProperty("Value") String value,
            @JsonProperty("StatusCategory") String statusCategory) {}
}
