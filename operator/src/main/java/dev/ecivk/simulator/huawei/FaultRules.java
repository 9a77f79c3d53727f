package dev.ecivk.simulator.huawei;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** The injected faults and how many hits each has left. */
final class FaultRules {

    /** What the request-phase rules ask of one call. */
    record Hit(HuaweiApiException error, long latencyMillis) {}

    private final List<Rule> rules = new CopyOnWriteArrayList<>();

    private static final class Rule {
        final HuaweiFault fault;
        int remaining;

        Rule(HuaweiFault fault) {
            this.fault = fault;
            this.remaining = fault.count();
        }

        /** Takes one hit; false when none is left. */
        synchronized boolean take() {
            if (remaining == 0) {
                return false;
            }
            if (remaining > 0) {
                remaining--;
            }
            return true;
        }
    }

    void add(HuaweiFault fault) {
        if (fault.code() == null && fault.latencyMillis() <= 0) {
            throw new IllegalArgumentException("a fault needs a code or a latency");
        }
        if (fault.phase() == HuaweiFault.Phase.JOB && fault.code() == null) {
            throw new IllegalArgumentException("a job fault needs a code");
        }
        rules.add(new Rule(fault));
    }

    void clear() {
        rules.clear();
    }

    List<HuaweiFault> list() {
        List<HuaweiFault> out = new ArrayList<>();
        rules.forEach(r -> out.add(r.fault));
        return out;
    }

    /** The request-phase fault for a call of {@code operation}, or null. */
    Hit onRequest(String operation) {
        long latency = 0;
        HuaweiApiException error = null;
        for (Rule r : rules) {
            HuaweiFault f = r.fault;
            if (f.phase() != HuaweiFault.Phase.REQUEST
                    || !(f.operation().equals("*") || f.operation().equals(operation))
                    || !r.take()) {
                continue;
            }
            latency += f.latencyMillis();
            if (error == null && f.code() != null) {
                error = new HuaweiApiException(f.httpStatus(), f.code(), f.message());
            }
        }
        rules.removeIf(r -> r.remaining == 0);
        return latency == 0 && error == null ? null : new Hit(error, latency);
    }

    /** The job fault a create job in {@code zone} for {@code flavor} takes, or null. */
    HuaweiFault onCreateJob(String zone, String flavor) {
        for (Rule r : rules) {
            HuaweiFault f = r.fault;
            if (f.phase() == HuaweiFault.Phase.JOB
                    && (f.zone() == null || Objects.equals(f.zone(), zone))
                    && (f.flavor() == null || Objects.equals(f.flavor(), flavor))
                    && r.take()) {
                rules.removeIf(x -> x.remaining == 0);
                return f;
            }
        }
        return null;
    }
}
