package dev.ecivk.agent.runtime.sim;

import dev.ecivk.agent.runtime.Pacer;
import dev.ecivk.agent.runtime.RealTimePacer;
import dev.ecivk.agent.runtime.SupervisorEngine;
import java.time.Clock;
import java.time.Duration;

/**
 * The supervisor of an embedded cloud's VM: the kubelet semantics of {@link SupervisorEngine} over a
 * {@link SimulatedRuntime}. Every runtime step is instant, so they run on the supervision thread itself.
 */
public final class SimulatedPodSupervisor extends SupervisorEngine {

    /** On the wall clock, looking at the Pod at least every {@code pollInterval}. */
    public static SimulatedPodSupervisor realTime(String podIp, Duration pollInterval) {
        Clock clock = Clock.systemUTC();
        return new SimulatedPodSupervisor(
                new SimulatedRuntime(clock, podIp), new RealTimePacer(clock, pollInterval, "sim-pod-" + podIp));
    }

    /** On a pacer of the caller's (tests step a virtual clock with it). */
    public static SimulatedPodSupervisor paced(String podIp, Pacer pacer) {
        return new SimulatedPodSupervisor(new SimulatedRuntime(pacer.clock(), podIp), pacer);
    }

    private SimulatedPodSupervisor(SimulatedRuntime runtime, Pacer pacer) {
        super(runtime, pacer, Runnable::run);
    }
}
