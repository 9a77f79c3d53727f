package dev.ecivk.simulator.huawei;

import java.time.Duration;

/**
 * A fault to inject into the embedded Huawei ECS.
 *
 * <p>{@link Phase#REQUEST}: answer {@code code} (with Huawei Cloud's HTTP status unless one is given) and/or add
 * latency, for the next {@code count} calls of {@code operation} ({@code CreatePostPaidServers}, {@code CreateServers}, {@code ShowJob}, {@code
 * ListServersDetails}, {@code ShowServer}, {@code DeleteServers}, {@code ListFlavors}, or {@code *}).
 *
 * <p>{@link Phase#JOB}: the next {@code count} create jobs (optionally only in {@code zone} or for {@code flavor})
 * are accepted but fail asynchronously with {@code code}, as Huawei Cloud reports most create failures (vm-apis.md
 * §3.2). {@code count} below 0 means until cleared.
 */
public record HuaweiFault(
        Phase phase,
        String operation,
        String code,
        int httpStatus,
        String message,
        int count,
        long latencyMillis,
        String zone,
        String flavor) {

    /** Whether the fault answers the HTTP call or fails the asynchronous job. */
    public enum Phase {
        REQUEST,
        JOB
    }

    /** {@code code} for the next call of {@code operation}. */
    public static HuaweiFault error(String operation, String code) {
        return new HuaweiFault(
                Phase.REQUEST,
                operation,
                code,
                HuaweiApiException.defaultStatus(code),
                "Injected fault: " + code,
                1,
                0,
                null,
                null);
    }

    /** The next create job fails with {@code code} (e.g. {@code Ecs.0319}, capacity insufficient). */
    public static HuaweiFault jobFailure(String code) {
        return new HuaweiFault(
                Phase.JOB, "CreatePostPaidServers", code, 0, "Injected job failure: " + code, 1, 0, null, null);
    }

    /** Added latency for the next call of {@code operation}. */
    public static HuaweiFault latency(String operation, Duration latency) {
        return new HuaweiFault(Phase.REQUEST, operation, null, 0, null, 1, latency.toMillis(), null, null);
    }

    public HuaweiFault times(int n) {
        return new HuaweiFault(phase, operation, code, httpStatus, message, n, latencyMillis, zone, flavor);
    }

    public HuaweiFault always() {
        return times(-1);
    }

    public HuaweiFault status(int status) {
        return new HuaweiFault(phase, operation, code, status, message, count, latencyMillis, zone, flavor);
    }

    public HuaweiFault inZone(String z) {
        return new HuaweiFault(phase, operation, code, httpStatus, message, count, latencyMillis, z, flavor);
    }

    public HuaweiFault forFlavor(String f) {
        return new HuaweiFault(phase, operation, code, httpStatus, message, count, latencyMillis, zone, f);
    }
}
