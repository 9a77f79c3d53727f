package dev.ecivk.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecivk.eci.contract.EciLimits;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * One ECI call as an action handler sees it: the action, the HTTP method, the flattened parameters (query and form
 * merged) and the instant it is answered at.
 */
record ApiCall(String action, String method, Map<String, String> params, Instant now) {
    private static final ObjectMapper JSON = new ObjectMapper();

    String param(String name) {
        String v = params.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** A parameter that must be present, else ECI's {@code MissingParameter}. */
    String required(String name) {
        String v = param(name);
        if (v == null) {
            throw EciApiException.missing(name);
        }
        return v;
    }

    /** A JSON-array id list ({@code ["eci-1","eci-2"]}), at most {@link EciLimits#MAX_IDS_PER_CALL}; empty if absent. */
    List<String> idList(String name) {
        String json = param(name);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        List<String> ids;
        try {
            ids = JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (IOException e) {
            throw EciApiException.invalid("The specified parameter \"" + name + "\" is not a JSON array.");
        }
        if (ids.size() > EciLimits.MAX_IDS_PER_CALL) {
            throw new EciApiException(
                    400,
                    "InvalidParameter.LengthExceeded",
                    "The parameter \"" + name + "\" holds more than " + EciLimits.MAX_IDS_PER_CALL + " ids.");
        }
        return ids;
    }

    FlatParams.Node tree() {
        return FlatParams.tree(params);
    }

    /** {@code RegionId} must be given and be the region served, else {@code MissingParameter} / 403. */
    void requireRegion(String served) {
        String region = required("RegionId");
        if (!region.equals(served)) {
            throw new EciApiException(403, "RegionNotSupport", "The region " + region + " is not supported.");
        }
    }

    /** An RFC3339 time parameter, or null when absent. */
    Instant time(String name) {
        String v = param(name);
        if (v == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw EciApiException.invalid("The specified parameter \"" + name + "\" is not an RFC3339 time.");
        }
    }
}
