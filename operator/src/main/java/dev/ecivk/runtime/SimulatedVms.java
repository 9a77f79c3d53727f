package dev.ecivk.runtime;

import dev.ecivk.agent.InProcessAgentBootHook;
import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.agent.runtime.sim.SimulatedPodSupervisor;
import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The VMs of the embedded clouds of one process: each runs the real agent on a simulated container runtime, and all
 * of them are paced by one scheduler thread (a simulated runtime announces its own changes, so a VM needs the thread
 * only when something is due), started with the first VM and stopped on close.
 */
public final class SimulatedVms implements AutoCloseable {
    /** How often a simulated Pod is looked at when nothing announced a change. */
    static final Duration POLL = Duration.ofSeconds(1);

    private ScheduledExecutorService scheduler;

    /** The runtime of one VM whose Pod has the VM's private address {@code podIp}. */
    synchronized PodSupervisor runtime(String podIp) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ecivk-embedded-vms");
                t.setDaemon(true);
                return t;
            });
        }
        return SimulatedPodSupervisor.realTime(podIp, POLL, scheduler);
    }

    /**
     * What an embedded VM does when it boots: the real agent, in-process, from its user data, on this runtime.
     *
     * @param reportInterval how often an agent retries a step (registration) and reports until told otherwise
     */
    public VmBootHook bootHook(Duration reportInterval, Clock clock) {
        return new InProcessAgentBootHook(this::runtime, reportInterval, clock);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
