package dev.ecivk.provider.vm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stopping the Pod on an instance before the instance goes, as a kubelet stops a deleted Pod: the agent is asked to
 * stop the containers (preStop hooks, SIGTERM, SIGKILL once the grace period is over), and the instance may go once
 * the agent reports them ended or once the grace period and {@link #MARGIN} are over, whichever comes first. An agent
 * that never registered runs nothing and is not waited for; one that is gone with its VM holds nothing up beyond that
 * deadline. An instance whose stop was never asked for (an orphan) may go at once.
 */
final class GracefulStops {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStops.class);
    /**
     * Beyond the grace period: the container's 2 s after a slow preStop hook, the agent's next report (within a
     * second of the change) and its way to the controller.
     */
    static final Duration MARGIN = Duration.ofSeconds(5);

    /** Instance states in which no container of the Pod can be running. */
    private static final Set<VmInstance.State> DOWN = Set.of(
            VmInstance.State.STOPPING, VmInstance.State.STOPPED, VmInstance.State.DELETED, VmInstance.State.ERROR);

    private final AgentChannel agents;
    private final Clock clock;
    private final Map<String, Stop> stops = new ConcurrentHashMap<>();
    private final Set<String> overdue = ConcurrentHashMap.newKeySet();

    /** One stop under way: the Pod's UID, the grace period asked for, when the instance goes regardless. */
    private record Stop(String podUid, Duration grace, Instant deadline) {}

    GracefulStops(AgentChannel agents, Clock clock) {
        this.agents = agents;
        this.clock = clock;
    }

    /**
     * Starts (on the first call) or follows the stop of the Pod on instance {@code instanceId}; true once the instance
     * may go. Only the first call's grace period counts.
     *
     * @param lastSeen the instance as the last describe showed it, or null
     */
    boolean advance(String instanceId, String podUid, Duration gracePeriod, VmInstance lastSeen) {
        Instant now = clock.instant();
        Stop stop = stops.computeIfAbsent(
                instanceId,
                id -> new Stop(podUid, gracePeriod, now.plus(gracePeriod).plus(MARGIN)));
        if (settled(instanceId, stop, lastSeen, now)) {
            return true;
        }
        if (!agents.requestStop(stop.podUid(), stop.grace())) {
            LOG.info("Instance {}: no agent registered, so no container runs: nothing to stop", instanceId);
            return true;
        }
        return false;
    }

    /** Whether the instance may go now: no stop was asked for, or the one asked for is over. */
    boolean settled(String instanceId, VmInstance lastSeen) {
        Stop stop = stops.get(instanceId);
        return stop == null || settled(instanceId, stop, lastSeen, clock.instant());
    }

    private boolean settled(String instanceId, Stop stop, VmInstance lastSeen, Instant now) {
        AgentReport report = agents.report(stop.podUid()).orElse(null);
        if (report != null && (report.stopped() || report.terminal())) {
            return true;
        }
        if (lastSeen != null && DOWN.contains(lastSeen.state())) {
            return true;
        }
        if (!now.isBefore(stop.deadline())) {
            if (overdue.add(instanceId)) {
                LOG.info(
                        "Instance {}: its agent did not report the Pod stopped within the grace period ({}s) and {}s;"
                                + " the instance goes anyway",
                        instanceId,
                        stop.grace().toSeconds(),
                        MARGIN.toSeconds());
            }
            return true;
        }
        return false;
    }

    void forget(String instanceId) {
        stops.remove(instanceId);
        overdue.remove(instanceId);
    }
}
