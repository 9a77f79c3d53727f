package dev.ecivk.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

/** Faults injected through the admin API: an error code or added latency for some calls of some actions. */
public final class FaultInjector {

    /** What a matching rule asks for. */
    record Hit(EciApiException error, long latencyMillis, boolean answerLost) {}

    private final List<MutableRule> rules = new CopyOnWriteArrayList<>();

    private static final class MutableRule {
        final Fault rule;
        int remaining;

        MutableRule(Fault rule) {
            this.rule = rule;
            this.remaining = rule.count();
        }
    }

    public void add(Fault rule) {
        rules.add(new MutableRule(rule));
    }

    public void clear() {
        rules.clear();
    }

    public List<Fault> rules() {
        List<Fault> out = new ArrayList<>();
        for (MutableRule r : rules) {
            out.add(r.rule);
        }
        return out;
    }

    /**
     * The fault for this call, if any. Zone/vSwitch rules only hit calls that name a zone or vSwitch ({@code
     * placement} holds the create's zone and vSwitch).
     */
    Hit check(String action, Map<String, String> placement) {
        long latency = 0;
        EciApiException error = null;
        boolean answerLost = false;
        for (MutableRule mr : rules) {
            Fault r = mr.rule;
            if (!r.action().equals("*") && !r.action().equals(action)) {
                continue;
            }
            if (r.zoneId() != null && !Objects.equals(r.zoneId(), placement.get("ZoneId"))) {
                continue;
            }
            if (r.vSwitchId() != null && !Objects.equals(r.vSwitchId(), placement.get("VSwitchId"))) {
                continue;
            }
            if (r.rate() < 1.0 && ThreadLocalRandom.current().nextDouble() >= r.rate()) {
                continue;
            }
            synchronized (mr) {
                if (mr.remaining == 0) {
                    continue;
                }
                if (mr.remaining > 0) {
                    mr.remaining--;
                }
            }
            latency += r.latencyMillis();
            if (error == null && r.code() != null) {
                error = new EciApiException(r.httpStatus(), r.code(), r.message());
                answerLost = r.failsAfterActing();
            }
        }
        rules.removeIf(mr -> mr.remaining == 0);
        return latency == 0 && error == null ? null : new Hit(error, latency, answerLost);
    }

    /** ECI's HTTP status for the codes one typically injects. */
    static int defaultStatus(String code) {
        return switch (code) {
            case "Throttling", "IdempotentParameterMismatch", "IncorrectStatus", "SignatureNonceUsed", "UnknownError" ->
                400;
            case "InternalError" -> 500;
            case "ServiceUnavailable",
                    "ServiceUnavailable.RegionMaintaining",
                    "containerRepositoryAuthorizationFailed" -> 503;
            case "OperationConflict" -> 409;
            default -> code.endsWith(".NotFound") ? 404 : 403;
        };
    }
}
