package dev.ecivk.kubeletapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The metav1.Status documents the kubelet writes on an exec session's error channel. */
public final class ExecStatus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExecStatus() {}

    public static byte[] success() {
        return "{\"metadata\":{},\"status\":\"Success\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** A non-zero exit, as the kubelet reports it: reason NonZeroExitCode and the code as the ExitCode cause. */
    public static byte[] exitCode(int code) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", "command terminated with non-zero exit code: exit status " + code);
        status.put("reason", "NonZeroExitCode");
        status.put("details", Map.of("causes", List.of(Map.of("reason", "ExitCode", "message", String.valueOf(code)))));
        return write(status);
    }

    public static byte[] failure(String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("metadata", Map.of());
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        return write(status);
    }

    private static byte[] write(Map<String, Object> status) {
        try {
            return JSON.writeValueAsBytes(status);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
