package dev.ecivk.agent.runtime.sim;

import dev.ecivk.agent.runtime.Pacer;
import dev.ecivk.agent.runtime.ScheduledPacer;
import dev.ecivk.agent.runtime.SupervisorEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The supervisor of an embedded cloud's VM: the kubelet semantics of {@link SupervisorEngine} over a
 * {@link SimulatedRuntime}. Every runtime step is instant, so they run on the supervision thread itself.
 */
public final class SimulatedPodSupervisor extends SupervisorEngine {

    /**
     * On the wall clock and a scheduler shared by the embedded cloud's VMs. The simulated runtime announces its own
     * changes, so the Pod is looked at when something is due, and otherwise every {@code pollInterval}.
     */
    public static SimulatedPodSupervisor realTime(
            String podIp, Duration pollInterval, ScheduledExecutorService scheduler) {
        Clock clock = Clock.systemUTC();
        return new SimulatedPodSupervisor(
                new SimulatedRuntime(clock, podIp), ScheduledPacer.shared(clock, pollInterval, scheduler));
    }

    /** On a pacer of the caller's (tests step a virtual clock with it). */
    public static SimulatedPodSupervisor paced(String podIp, Pacer pacer) {
        return new SimulatedPodSupervisor(new SimulatedRuntime(pacer.clock(), podIp), pacer);
    }

    private SimulatedPodSupervisor(SimulatedRuntime runtime, Pacer pacer) {
        super(runtime, pacer, Runnable::run);
    }
}
