package dev.ecivk.provider;

/**
 * A classified provider failure. {@link #code()} is the cloud's error code (e.g. {@code Throttling},
 * {@code OperationDenied.NoStock}); the message never contains credentials.
 */
public final class ProviderException extends Exception {
    private final FailureClass failureClass;
    private final String code;
    private final String action;

    public ProviderException(FailureClass failureClass, String code, String action, String message) {
        this(failureClass, code, action, message, null);
    }

    public ProviderException(FailureClass failureClass, String code, String action, String message, Throwable cause) {
        super(action + " failed: " + code + ": " + message, cause);
        this.failureClass = failureClass;
        this.code = code;
        this.action = action;
    }

    public FailureClass failureClass() {
        return failureClass;
    }

    /** The cloud error code. */
    public String code() {
        return code;
    }

    /** The API action that failed, e.g. {@code CreateContainerGroup}. */
    public String action() {
        return action;
    }

    public boolean isNotFound() {
        return failureClass == FailureClass.NOT_FOUND;
    }

    public boolean isRetryable() {
        return failureClass == FailureClass.TRANSIENT || failureClass == FailureClass.CAPACITY;
    }
}
