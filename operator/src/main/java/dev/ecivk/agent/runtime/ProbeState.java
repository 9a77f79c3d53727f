package dev.ecivk.agent.runtime;

import dev.ecivk.provider.model.ContainerSpec.Probe;
import java.time.Duration;
import java.time.Instant;

/**
 * One probe of one container run, with the kubelet's timings: first at {@code initialDelaySeconds}, then every
 * {@code periodSeconds}; {@code successThreshold} consecutive successes make it pass, {@code failureThreshold}
 * consecutive failures make it fail. A readiness probe starts failed, a liveness probe starts passed.
 */
final class ProbeState {
    final Probe probe;
    final String kind;
    private Instant nextAt;
    private int successes;
    private int failures;
    private boolean passing;
    private boolean inFlight;

    ProbeState(Probe probe, String kind, boolean initiallyPassing, Instant runStart) {
        this.probe = probe;
        this.kind = kind;
        this.passing = initiallyPassing;
        this.nextAt = runStart.plusSeconds(orDefault(probe.initialDelaySeconds(), 0, 0));
    }

    boolean passing() {
        return passing;
    }

    boolean due(Instant now) {
        return !inFlight && !now.isBefore(nextAt);
    }

    Instant nextAt() {
        return inFlight ? null : nextAt;
    }

    Duration timeout() {
        return Duration.ofSeconds(orDefault(probe.timeoutSeconds(), 1, 1));
    }

    void launched() {
        inFlight = true;
    }

    /** Records a result that arrived at {@code at}; true when this result changed the probe's verdict. */
    boolean record(boolean success, Instant launchedAt) {
        inFlight = false;
        nextAt = launchedAt.plusSeconds(orDefault(probe.periodSeconds(), 10, 1));
        boolean before = passing;
        if (success) {
            failures = 0;
            successes++;
            if (successes >= orDefault(probe.successThreshold(), 1, 1)) {
                passing = true;
            }
        } else {
            successes = 0;
            failures++;
            if (failures >= orDefault(probe.failureThreshold(), 3, 1)) {
                passing = false;
            }
        }
        return before != passing;
    }

    private static int orDefault(Integer v, int dflt, int min) {
        return v == null ? dflt : Math.max(min, v);
    }
}
