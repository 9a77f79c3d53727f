package dev.ecivk.simulator.huawei;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error the embedded Huawei ECS answers. ECS itself answers {@code {"error":{"code":…,"message":…}}}; the API
 * gateway in front of it (signature, throttling, unknown API: codes {@code APIGW.*}) answers
 * {@code {"error_code":…,"error_msg":…,"request_id":…}}.
 */
final class HuaweiApiException extends RuntimeException {
    private final int status;
    private final String code;

    HuaweiApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** {@code code} with the HTTP status Huawei Cloud answers it with. */
    static HuaweiApiException of(String code, String message) {
        return new HuaweiApiException(defaultStatus(code), code, message);
    }

    static HuaweiApiException badRequest(String code, String message) {
        return new HuaweiApiException(400, code, message);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    boolean fromGateway() {
        return code.startsWith("APIGW.");
    }

    Map<String, Object> body(String requestId) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (fromGateway()) {
            out.put("error_code", code);
            out.put("error_msg", getMessage());
            out.put("request_id", requestId);
        } else {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("code", code);
            error.put("message", getMessage());
            out.put("error", error);
        }
        return out;
    }

    /** The HTTP status of the codes vm-apis.md §3.7 lists (and that one typically injects). */
    static int defaultStatus(String code) {
        return switch (code) {
            case "Common.0024" -> 202;
            case "APIGW.0308" -> 429;
            case "APIGW.0301", "Common.0013" -> 401;
            case "APIGW.0101", "Ecs.0114", "Ecs.0614" -> 404;
            case "Common.1503" -> 503;
            case "Ecs.0603" -> 501;
            case "Common.0001",
                    "Ecs.0615",
                    "Ecs.1000",
                    "Ecs.1001",
                    "Ecs.1002",
                    "Ecs.1100",
                    "Ecs.1200",
                    "Ecs.1201",
                    "Ecs.1300" -> 500;
            case "Ecs.0003",
                    "Ecs.0066",
                    "Ecs.0067",
                    "Ecs.0068",
                    "Ecs.0069",
                    "Ecs.0070",
                    "Ecs.0071",
                    "Ecs.0110",
                    "Ecs.0605",
                    "Pdp.0001" -> 403;
            default -> 400;
        };
    }
}
