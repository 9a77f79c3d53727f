package dev.ecivk.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * A fault to inject: answer {@code code} (with ECI's HTTP status) and/or add latency, for the next {@code count}
 * calls of {@code action} ({@code *} = every action; count below 0 = until cleared), each call hit with
 * probability {@code rate}. {@code zoneId}/{@code vSwitchId} narrow a create fault to one placement.
 */
public record Fault(
        String action,
        String code,
        int httpStatus,
        String message,
        int count,
        double rate,
        long latencyMillis,
        String zoneId,
        String vSwitchId,
        boolean failsAfterActing) {

    /** {@code code} for the next call of {@code action}. */
    public static Fault error(String action, String code) {
        return new Fault(
                action,
                code,
                FaultInjector.defaultStatus(code),
                "Injected fault: " + code,
                1,
                1.0,
                0,
                null,
                null,
                false);
    }

    /** Added latency for the next call of {@code action}. */
    public static Fault latency(String action, Duration latency) {
        return new Fault(action, null, 0, null, 1, 1.0, latency.toMillis(), null, null, false);
    }

    /**
     * The call takes effect and only then fails with the fault's code: the answer was lost on the way back (a timeout,
     * a connection reset), as a client cannot tell from a call that did nothing.
     */
    public Fault answerLost() {
        return new Fault(action, code, httpStatus, message, count, rate, latencyMillis, zoneId, vSwitchId, true);
    }

    public Fault times(int n) {
        return new Fault(
                action, code, httpStatus, message, n, rate, latencyMillis, zoneId, vSwitchId, failsAfterActing);
    }

    public Fault always() {
        return times(-1);
    }

    public Fault rate(double r) {
        return new Fault(
                action, code, httpStatus, message, count, r, latencyMillis, zoneId, vSwitchId, failsAfterActing);
    }

    public Fault inZone(String zone) {
        return new Fault(
                action, code, httpStatus, message, count, rate, latencyMillis, zone, vSwitchId, failsAfterActing);
    }

    public Fault inVSwitch(String vSwitch) {
        return new Fault(
                action, code, httpStatus, message, count, rate, latencyMillis, zoneId, vSwitch, failsAfterActing);
    }

    public Fault status(int status) {
        return new Fault(
                action, code, status, message, count, rate, latencyMillis, zoneId, vSwitchId, failsAfterActing);
    }

    /**
     * A fault as the admin APIs take it: {@code action}, {@code code}, {@code httpStatus}, {@code message},
     * {@code count}, {@code rate}, {@code latencyMs}, {@code zoneId}, {@code vSwitchId}, {@code answerLost}.
     *
     * @throws IllegalArgumentException when it names neither a code nor a latency
     */
    public static Fault fromJson(JsonNode n) {
        String action = n.path("action").asText("*");
        String code = n.hasNonNull("code") ? n.get("code").asText() : null;
        long latency = n.path("latencyMs").asLong(0);
        if (code == null && latency <= 0) {
            throw new IllegalArgumentException("a fault needs a code or latencyMs");
        }
        int status = n.hasNonNull("httpStatus")
                ? n.get("httpStatus").asInt()
                : code == null ? 0 : FaultInjector.defaultStatus(code);
        return new Fault(
                action,
                code,
                status,
                n.hasNonNull("message") ? n.get("message").asText() : "Injected fault: " + code,
                n.has("count") ? n.get("count").asInt() : 1,
                n.has("rate") ? n.get("rate").asDouble() : 1.0,
                latency,
                n.hasNonNull("zoneId") ? n.get("zoneId").asText() : null,
                n.hasNonNull("vSwitchId") ? n.get("vSwitchId").asText() : null,
                n.path("answerLost").asBoolean(false));
    }
}
