package dev.ecivk.provider.alibaba;

import com.aliyun.tea.TeaException;
import com.aliyun.tea.TeaUnretryableException;
import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import java.util.Map;

/**
 * What an Alibaba Cloud SDK call (tea / tea-openapi) threw, as a classified {@link ProviderException}: the cloud's
 * code and message with its HTTP status, a network failure as {@code NetworkError}, a credential-chain failure as
 * {@code InvalidCredentials}. Messages carry the cloud's text and exception types, never a credential. Each product
 * brings its own table of codes.
 */
public final class TeaFailures {

    /** A product's table of error codes. */
    @FunctionalInterface
    public interface Classifier {
        /**
         * @param httpStatus the HTTP status (0 if unknown)
         * @param code the cloud's error code
         * @param message the cloud's message (may be null)
         */
        FailureClass classify(int httpStatus, String code, String message);
    }

    private TeaFailures() {}

    /** The failure of {@code action} as a classified exception. */
    public static ProviderException translate(String action, Exception e, Classifier classifier) {
        if (e instanceof ProviderException pe) {
            return pe;
        }
        if (e instanceof TeaUnretryableException) {
            return new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, rootCause(e));
        }
        if (e instanceof TeaException tea) {
            return fromTea(action, tea, classifier);
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new ProviderException(FailureClass.TRANSIENT, "Interrupted", action, "interrupted", e);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.io.IOException) {
            return new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, rootCause(e));
        }
        if (e.getClass().getName().startsWith("com.aliyun.credentials")) {
            return new ProviderException(
                    FailureClass.PERMANENT, "InvalidCredentials", action, "no usable Alibaba Cloud credentials");
        }
        return new ProviderException(
                FailureClass.TRANSIENT, "ClientError", action, e.getClass().getSimpleName());
    }

    private static ProviderException fromTea(String action, TeaException e, Classifier classifier) {
        int status = e.getStatusCode() == null ? 0 : e.getStatusCode();
        String code = e.getCode();
        String message = null;
        Map<String, Object> data = e.getData();
        if (data != null && data.get("Message") != null) {
            message = String.valueOf(data.get("Message"));
        }
        if (code == null || code.isEmpty()) {
            if (status == 0) {
                return new ProviderException(FailureClass.TRANSIENT, "NetworkError", action, rootCause(e));
            }
            code = "HTTP" + status;
        }
        return new ProviderException(
                classifier.classify(status, code, message),
                code,
                action,
                (message == null ? "" : message) + " (HTTP " + status + ")");
    }

    /** The type and message of the root cause of a network failure (these never carry credentials). */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
