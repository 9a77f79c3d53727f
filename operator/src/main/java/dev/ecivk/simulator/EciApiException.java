package dev.ecivk.simulator;

/**
 * An error answer of an embedded Alibaba Cloud product (ECI, ECS): HTTP status, Alibaba Cloud error code and
 * message.
 */
public final class EciApiException extends RuntimeException {
    private final int httpStatus;
    private final String code;

    public EciApiException(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }

    public static EciApiException missing(String parameter) {
        return new EciApiException(
                400,
                "MissingParameter",
                "The input parameter \"" + parameter
                        + "\" that is mandatory for processing this request is not supplied.");
    }

    public static EciApiException invalid(String message) {
        return new EciApiException(400, "InvalidParameter", message);
    }

    static EciApiException notFound(String message) {
        return new EciApiException(404, "InvalidParameter.NotFound", message);
    }

    static EciApiException incorrectStatus(String message) {
        return new EciApiException(400, "IncorrectStatus", message);
    }

    /** The HTTP status ECI uses for a validation code. */
    static int statusOf(String code) {
        if (code.endsWith(".NotFound")) {
            return 404;
        }
        return 400;
    }
}
