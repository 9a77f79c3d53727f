package dev.ecivk.provider.eci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ecivk.provider.ProviderException;
import java.util.Map;

/** One signed, rate-limited, classified ECI call: what every adapter of this package needs of the transport. */
interface EciCaller {

    /**
     * Calls {@code action} with {@code params} and returns the JSON answer.
     *
     * @param byId the call addresses one resource by id, so a 404 means it is gone ({@code NOT_FOUND})
     */
    JsonNode call(String action, Map<String, String> params, boolean byId) throws ProviderException;

    /** The region every call goes to. */
    String regionId();
}
