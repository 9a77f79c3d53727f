package dev.ecivk.agent;

import dev.ecivk.agent.protocol.AgentUserData;
import dev.ecivk.agent.runtime.PodSupervisor;
import dev.ecivk.simulator.vm.VmBootHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an embedded VM does when it boots: parse its user data and start the real {@link Agent} in-process, on a
 * loopback port, with a container runtime made for the VM's private address (the Pod's IP). The bootstrap path
 * (user data → agent → gateway → spec) is the one production uses; only the runtime under the agent is simulated.
 */
public final class InProcessAgentBootHook implements VmBootHook {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessAgentBootHook.class);

    private final Function<String, PodSupervisor> supervisors;
    private final Duration reportInterval;
    private final Clock clock;

    /**
     * @param supervisors the runtime of one booted VM, given its private address
     * @param reportInterval how often the agent retries registering (and reports, until the gateway says otherwise)
     */
    public InProcessAgentBootHook(Function<String, PodSupervisor> supervisors, Duration reportInterval, Clock clock) {
        this.supervisors = supervisors;
        this.reportInterval = reportInterval;
        this.clock = clock;
    }

    @Override
    public BootedVm boot(String instanceId, String privateIp, String userData) {
        AgentUserData boot;
        try {
            boot = AgentUserData.parse(userData);
        } catch (IllegalArgumentException e) {
            // an image without our bootstrap: the VM runs, nothing registers, as on a real cloud
            LOG.warn("Instance {} booted without an agent: {}", instanceId, e.getMessage());
            return () -> {};
        }
        Agent agent = new Agent(
                boot,
                () -> supervisors.apply(privateIp),
                new Agent.Settings("127.0.0.1", 0, "127.0.0.1", reportInterval),
                clock);
        try {
            agent.start();
        } catch (IOException e) {
            agent.close();
            throw new UncheckedIOException("the agent of instance " + instanceId + " cannot serve", e);
        }
        LOG.info("Instance {} ({}) booted its agent for Pod {}", instanceId, privateIp, boot.podUid());
        return agent::powerOff;
    }
}
