package dev.ecivk.simulator.vm;

/**
 * What an embedded VM does when it boots and stops. The embedded clouds (ECS, Huawei ECS) only keep instance state;
 * the wiring gives them a hook that reads the instance's user data and starts the real agent in-process on a
 * simulated container runtime, so the bootstrap path (user data, agent, controller) is the one production uses.
 */
public interface VmBootHook {

    /** The instance reached its running state: boot what its user data says. */
    BootedVm boot(String instanceId, String privateIp, String userData);

    /** What a boot started; stopped when the instance stops or is deleted. */
    interface BootedVm extends AutoCloseable {
        @Override
        void close();
    }

    /** Boots nothing (an image without the agent). */
    VmBootHook NONE = (instanceId, privateIp, userData) -> () -> {};
}
