package dev.ecivk.provider.eci;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/** ListUsage's answer (eci-api-newer.md §3.5): a map of quota names to numbers. */
record UsageResponse(@JsonProperty("Attributes") Map<String, Double> attributes) {

    /** A quota value, or -1 when the answer leaves it out. */
    double value(String key) {
        Double v = attributes == null ? null : attributes.get(key);
        return v == null ? -1 : v;
    }
}
