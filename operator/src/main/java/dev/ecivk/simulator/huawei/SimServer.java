package dev.ecivk.simulator.huawei;

import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One server of the embedded Huawei ECS. Mutated only under the store's lock.
 *
 * <p>Lifecycle: created by a job it is not listed until {@link #scheduleAt}; then {@code BUILD} (task {@code
 * spawning}) until {@link #activeAt}; then {@code ACTIVE}. A delete job sets task {@code deleting} until {@link
 * #deleteAt}, then {@code DELETED}, answered by id for a while. The admin API can stop it ({@code SHUTOFF}), start
 * it, put it in {@code ERROR} with a {@code fault}, lock it or make it vanish.
 */
final class SimServer {
    static final String SCHEDULING = "SCHEDULING"; // internal: accepted, not yet visible
    static final String BUILD = "BUILD";
    static final String ACTIVE = "ACTIVE";
    static final String SHUTOFF = "SHUTOFF";
    static final String ERROR = "ERROR";
    static final String DELETED = "DELETED";

    final String id;
    final String name;
    final ServerSpec spec;
    final String createJobId;
    final int subJobIndex;
    final Instant created;
    final Instant scheduleAt;
    final Instant activeAt;
    final Map<String, String> tags;

    String status = SCHEDULING;
    String taskState = "scheduling";
    String ip;
    String mac;
    String portId;
    Instant updated;
    Instant launchedAt;
    Instant terminatedAt;
    Instant deleteAt;
    Instant deletedAt;
    String deleteJobId;
    Map<String, Object> fault;
    boolean locked;
    /** What the boot hook started, while the server runs. */
    BootSlot boot;

    SimServer(
            String id,
            String name,
            ServerSpec spec,
            String createJobId,
            int subJobIndex,
            Instant created,
            Instant scheduleAt,
            Instant activeAt) {
        this.id = id;
        this.name = name;
        this.spec = spec;
        this.createJobId = createJobId;
        this.subJobIndex = subJobIndex;
        this.created = created;
        this.scheduleAt = scheduleAt;
        this.activeAt = activeAt;
        this.tags = new LinkedHashMap<>(spec.tags());
        this.updated = created;
    }

    /** Listed by the list calls: scheduled and not deleted. */
    boolean listed() {
        return !status.equals(SCHEDULING) && !status.equals(DELETED);
    }

    /** Answered by id: listed, or deleted within the retention. */
    boolean visible() {
        return !status.equals(SCHEDULING);
    }

    /** Counts against quotas and zone stock: accepted and not yet deleted. */
    boolean live() {
        return !status.equals(DELETED);
    }

    /** The boot hook's handle of a running server; boots and closes run in order on one thread. */
    static final class BootSlot {
        private volatile VmBootHook.BootedVm vm;

        void set(VmBootHook.BootedVm v) {
            vm = v;
        }

        void close() {
            VmBootHook.BootedVm v = vm;
            vm = null;
            if (v != null) {
                v.close();
            }
        }
    }
}
