package dev.ecivk.provider.eci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import java.util.List;

/**
 * Reads an ECI answer into its typed response record, leniently as Alibaba's SDKs do: unknown keys are ignored,
 * numbers and booleans may come as strings, an empty string stands for a missing object. An answer that still does
 * not fit fails as a transient {@code InvalidResponse} (the endpoint misbehaved; a retry may find it well again).
 */
final class EciJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .enable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
            .build();

    private EciJson() {}

    static <T> T read(JsonNode body, Class<T> type, String action) throws ProviderException {
        try {
            T value = MAPPER.treeToValue(body, type);
            if (value == null) {
                throw new ProviderException(FailureClass.TRANSIENT, "InvalidResponse", action, "an empty answer");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProviderException(
                    FailureClass.TRANSIENT,
                    "InvalidResponse",
                    action,
                    "the answer does not have ECI's shape: " + e.getOriginalMessage());
        }
    }

    /** A list the answer may leave out. */
    static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
