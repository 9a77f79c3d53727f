package dev.ecivk.simulator.huawei;

import dev.ecivk.simulator.vm.VmBootHook;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the boot hook when a server becomes {@code ACTIVE} and closes what it started when the server stops, fails or
 * is deleted. Both run on one executor in the order the engine asks, so a close never overtakes its boot, and never
 * under the engine's lock in the simulator (tests may pass a direct executor).
 */
final class BootRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BootRunner.class);

    private final VmBootHook hook;
    private final Executor executor;

    BootRunner(VmBootHook hook, Executor executor) {
        this.hook = hook;
        this.executor = executor;
    }

    void boot(SimServer s) {
        SimServer.BootSlot slot = new SimServer.BootSlot();
        s.boot = slot;
        String id = s.id;
        String ip = s.ip;
        String userData = s.spec.userData() == null ? "" : s.spec.userData();
        executor.execute(() -> {
            try {
                slot.set(hook.boot(id, ip, userData));
            } catch (RuntimeException e) {
                LOG.warn("embedded Huawei ECS: booting server {} failed", id, e);
            }
        });
    }

    void shutdown(SimServer s) {
        SimServer.BootSlot slot = s.boot;
        s.boot = null;
        if (slot == null) {
            return;
        }
        String id = s.id;
        executor.execute(() -> {
            try {
                slot.close();
            } catch (RuntimeException e) {
                LOG.warn("embedded Huawei ECS: stopping what server {} booted failed", id, e);
            }
        });
    }
}
