package dev.ecivk.simulator.ecs;

import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded ECS instance and its life: {@code Pending → Starting → Running} after RunInstances, {@code Running →
 * Stopping → Stopped} after StopInstance, {@code Stopped → Starting → Running} after StartInstance, gone after
 * DeleteInstance. Time only moves in {@link #advance}, so a test with a manual clock sees every state. On reaching
 * {@code Running} the instance boots through the {@link VmBootHook} with its user data; it shuts the booted VM down
 * when it starts stopping or is deleted.
 */
final class EcsInstance {
    private static final Logger LOG = LoggerFactory.getLogger(EcsInstance.class);

    /** ECS's instance states (vm-apis.md §2.7). */
    enum Status {
        Pending,
        Starting,
        Running,
        Stopping,
        Stopped
    }

    final String id;
    final String name;
    final String hostName;
    final String description;
    final InstanceTypeCatalogue.Type type;
    final String zoneId;
    final String vSwitchId;
    final String securityGroupId;
    final String imageId;
    final String privateIp;
    final Map<String, String> tags;
    final String userDataBase64;
    final String spotStrategy;
    final int systemDiskGiB;
    final String systemDiskCategory;
    final Instant creationTime;

    private final EcsSimulatorSettings settings;
    private Status status = Status.Pending;
    private Instant since;
    private boolean forceStop;
    private Instant startTime;
    private VmBootHook.BootedVm booted;
    private String lockReason;

    EcsInstance(EcsSimulatorSettings settings, Launch launch, String id, String privateIp, Instant now) {
        this.settings = settings;
        this.id = id;
        this.name = launch.name() == null ? id : launch.name();
        this.hostName = launch.hostName() == null ? "iZ" + id.substring(2) + "Z" : launch.hostName();
        this.description = launch.description() == null ? "" : launch.description();
        this.type = launch.type();
        this.zoneId = launch.zoneId();
        this.vSwitchId = launch.vSwitchId();
        this.securityGroupId = launch.securityGroupId();
        this.imageId = launch.imageId();
        this.privateIp = privateIp;
        this.tags = new LinkedHashMap<>(launch.tags());
        this.userDataBase64 = launch.userDataBase64();
        this.spotStrategy = launch.spotStrategy() == null ? "NoSpot" : launch.spotStrategy();
        this.systemDiskGiB = launch.systemDiskGiB();
        this.systemDiskCategory = launch.systemDiskCategory();
        this.creationTime = now;
        this.since = now;
    }

    /** What RunInstances asked for one instance, after validation. */
    record Launch(
            String name,
            String hostName,
            String description,
            InstanceTypeCatalogue.Type type,
            String zoneId,
            String vSwitchId,
            String securityGroupId,
            String imageId,
            Map<String, String> tags,
            String userDataBase64,
            String spotStrategy,
            int systemDiskGiB,
            String systemDiskCategory) {}

    synchronized Status status() {
        return status;
    }

    synchronized Instant startTime() {
        return startTime;
    }

    /** Moves through every transition whose time has come, booting or shutting down the VM on the way. */
    synchronized void advance(Instant now) {
        while (true) {
            Duration delay = switch (status) {
                case Pending -> settings.pendingDelay();
                case Starting -> settings.startingDelay();
                case Stopping -> forceStop ? settings.forceStoppingDelay() : settings.stoppingDelay();
                case Running, Stopped -> null;
            };
            if (delay == null || now.isBefore(since.plus(delay))) {
                return;
            }
            Instant at = since.plus(delay);
            switch (status) {
                case Pending -> to(Status.Starting, at);
                case Starting -> {
                    to(Status.Running, at);
                    startTime = at;
                    boot();
                }
                case Stopping -> to(Status.Stopped, at);
                default -> {
                    return;
                }
            }
        }
    }

    /** The reason of an operation lock ({@code security}, …) or null; a locked instance neither stops nor starts. */
    synchronized String lockReason() {
        return lockReason;
    }

    synchronized void lock(String reason) {
        lockReason = reason;
    }

    /** StopInstance: only a running instance stops (ECS answers {@code IncorrectInstanceStatus} otherwise). */
    synchronized boolean stop(boolean force, Instant now) {
        advance(now);
        if (status != Status.Running) {
            return false;
        }
        forceStop = force;
        to(Status.Stopping, now);
        shutDown();
        return true;
    }

    /** StartInstance: only a stopped instance starts. */
    synchronized boolean start(Instant now) {
        advance(now);
        if (status != Status.Stopped) {
            return false;
        }
        to(Status.Starting, now);
        return true;
    }

    /** Releases the instance: the booted VM goes down with it. */
    synchronized void release() {
        shutDown();
    }

    private void to(Status next, Instant at) {
        status = next;
        since = at;
    }

    private void boot() {
        String userData = userDataBase64 == null
                ? ""
                : new String(
                        java.util.Base64.getDecoder().decode(userDataBase64), java.nio.charset.StandardCharsets.UTF_8);
        try {
            booted = settings.bootHook().boot(id, privateIp, userData);
        } catch (RuntimeException e) {
            // a VM whose boot script fails still runs (as on ECS); only the agent is missing. The message may quote
            // the user data, which holds the agent's join credential: log the type only
            LOG.warn(
                    "embedded ECS instance {} failed to boot its user data: {}",
                    id,
                    e.getClass().getSimpleName());
        }
    }

    private void shutDown() {
        VmBootHook.BootedVm vm = booted;
        booted = null;
        if (vm != null) {
            try {
                vm.close();
            } catch (RuntimeException e) {
                LOG.warn(
                        "embedded ECS instance {} failed to shut its VM down: {}",
                        id,
                        e.getClass().getSimpleName());
            }
        }
    }
}
