package dev.ecivk.metrics;

import dev.ecivk.provider.FailureClass;
import java.util.Locale;

/** How one cloud API call ended; the {@code outcome} tag of the cloud-call meters. */
public enum CallOutcome {
    SUCCESS,
    /** The cloud refused the call for its rate quota (e.g. {@code Throttling}, {@code Throttling.User}). */
    THROTTLED,
    TRANSIENT,
    CAPACITY,
    PERMANENT,
    NOT_FOUND;

    /** The outcome of a classified failure; throttling is a transient failure the caller already recognised. */
    public static CallOutcome of(FailureClass failureClass) {
        return switch (failureClass) {
            case TRANSIENT -> TRANSIENT;
            case CAPACITY -> CAPACITY;
            case PERMANENT -> PERMANENT;
            case NOT_FOUND -> NOT_FOUND;
        };
    }

    /**
     * The outcome a cloud client reports: {@code success}, {@code throttled} or a lower-case failure class; an error
     * code of the {@code Throttling} family counts as throttled whatever its class, an unknown outcome as transient.
     */
    public static CallOutcome of(String outcome, String errorCode) {
        if (SUCCESS.tag().equals(outcome)) {
            return SUCCESS;
        }
        if (errorCode != null && errorCode.startsWith("Throttling")) {
            return THROTTLED;
        }
        try {
            return valueOf(outcome.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            return TRANSIENT;
        }
    }

    /** The tag value, e.g. {@code not_found}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
