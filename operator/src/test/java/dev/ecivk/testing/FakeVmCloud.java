package dev.ecivk.testing;

import dev.ecivk.provider.FailureClass;
import dev.ecivk.provider.ProviderException;
import dev.ecivk.provider.vm.InstanceTypeOffer;
import dev.ecivk.provider.vm.LaunchRequest;
import dev.ecivk.provider.vm.VmCloud;
import dev.ecivk.provider.vm.VmInstance;
import dev.ecivk.simulator.vm.VmBootHook;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory VM cloud for tests of the generic VM backend: idempotent launches by client token, instances that
 * go Pending → Starting → Running one describe at a time and boot through a {@link VmBootHook} when running,
 * Alibaba-style teardown (stop, then delete once stopped), tag listing, and no-stock types. Records every launch.
 */
public final class FakeVmCloud implements VmCloud {
    public static final List<InstanceTypeOffer> CATALOGUE = List.of(
            new InstanceTypeOffer("ecs.t6.large", "ecs.t6", 2, 4, 0, null, 0.08),
            new InstanceTypeOffer("ecs.c7.large", "ecs.c7", 2, 4, 0, null, 0.12),
            new InstanceTypeOffer("ecs.c7.xlarge", "ecs.c7", 4, 8, 0, null, 0.24));

    private final VmBootHook bootHook;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, String> idByToken = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Set<String> noStock = ConcurrentHashMap.newKeySet();
    public final List<LaunchRequest> launches = new CopyOnWriteArrayList<>();
    public final AtomicInteger catalogueCalls = new AtomicInteger();
    private final java.util.concurrent.ExecutorService bootThreads =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-vm-boot");
                t.setDaemon(true);
                return t;
            });

    private static final class Instance {
        final String id;
        final LaunchRequest request;
        final String type;
        final String ip;
        final Instant created;
        volatile VmInstance.State state = VmInstance.State.PENDING;
        volatile VmBootHook.BootedVm booted;

        Instance(String id, LaunchRequest request, String type, String ip, Instant created) {
            this.created = created;
            this.id = id;
            this.request = request;
            this.type = type;
            this.ip = ip;
        }

        VmInstance view() {
            return new VmInstance(
                    id,
                    request.name(),
                    state,
                    state.name(),
                    type,
                    request.zoneId(),
                    request.vSwitchId(),
                    ip,
                    created,
                    request.tags(),
                    false,
                    null);
        }
    }

    private final java.time.Clock clock;

    public FakeVmCloud(VmBootHook bootHook) {
        this(bootHook, java.time.Clock.systemUTC());
    }

    /** @param clock the clock of the instances' creation times */
    public FakeVmCloud(VmBootHook bootHook, java.time.Clock clock) {
        this.bootHook = bootHook;
        this.clock = clock;
    }

    /** The next launches find no stock of {@code type}. */
    public void outOfStock(String type) {
        noStock.add(type);
    }

    /** The user data an instance booted with. */
    public String userData(String instanceId) {
        return instances.get(instanceId).request.userData();
    }

    /** Every instance that still exists, in any state. */
    public List<VmInstance> all() {
        return instances.values().stream().map(Instance::view).toList();
    }

    /** The instance disappears from the cloud's answers (reclaimed, or not yet visible after the launch). */
    public void vanish(String instanceId) {
        Instance i = instances.remove(instanceId);
        if (i != null) {
            shutDown(i);
        }
    }

    /** Someone stops an instance behind the controller's back. */
    public void stopBehindTheControllersBack(String instanceId) {
        Instance i = instances.get(instanceId);
        i.state = VmInstance.State.STOPPED;
        shutDown(i);
    }

    @Override
    public String kind() {
        return "fake";
    }

    @Override
    public List<InstanceTypeOffer> instanceTypes(String zoneId) {
        catalogueCalls.incrementAndGet();
        return CATALOGUE;
    }

    @Override
    public synchronized String launch(LaunchRequest request) throws ProviderException {
        launches.add(request);
        String existing = idByToken.get(request.clientToken());
        if (existing != null) {
            return existing;
        }
        for (String type : request.instanceTypes()) {
            if (noStock.contains(type)) {
                continue;
            }
            int n = ids.incrementAndGet();
            String id = "i-fake" + n;
            instances.put(
                    id, new Instance(id, request, type, "10.1." + (n / 250) + "." + (n % 250 + 2), clock.instant()));
            idByToken.put(request.clientToken(), id);
            return id;
        }
        throw new ProviderException(
                FailureClass.CAPACITY,
                "OperationDenied.NoStock",
                "RunInstances",
                "no stock of " + request.instanceTypes());
    }

    @Override
    public List<VmInstance> describe(List<String> instanceIds) {
        List<VmInstance> found = new ArrayList<>();
        for (String id : instanceIds) {
            Instance i = instances.get(id);
            if (i != null) {
                found.add(i.view());
                advance(i);
            }
        }
        return found;
    }

    @Override
    public List<VmInstance> listByTags(Map<String, String> tags) {
        List<VmInstance> found = new ArrayList<>();
        for (Instance i : instances.values()) {
            if (i.request.tags().entrySet().containsAll(tags.entrySet())) {
                found.add(i.view());
                advance(i);
            }
        }
        return found;
    }

    /** One step of the boot after each look, so tests see Pending and Starting without sleeping. */
    private void advance(Instance i) {
        synchronized (i) {
            switch (i.state) {
                case PENDING -> i.state = VmInstance.State.STARTING;
                case STARTING -> {
                    i.state = VmInstance.State.RUNNING;
                    // the VM boots on the cloud's side, not on the thread of whoever looked
                    bootThreads.execute(() -> {
                        synchronized (i) {
                            if (i.state == VmInstance.State.RUNNING) {
                                i.booted = bootHook.boot(i.id, i.ip, i.request.userData());
                            }
                        }
                    });
                }
                default -> {}
            }
        }
    }

    @Override
    public boolean terminate(String instanceId) throws ProviderException {
        Instance i = instances.get(instanceId);
        if (i == null) {
            throw new ProviderException(
                    FailureClass.NOT_FOUND, "InvalidInstanceId.NotFound", "DeleteInstance", instanceId + " not found");
        }
        synchronized (i) {
            switch (i.state) {
                case STOPPED -> {
                    instances.remove(instanceId);
                    return true;
                }
                case STOPPING -> i.state = VmInstance.State.STOPPED;
                default -> {
                    i.state = VmInstance.State.STOPPING;
                    shutDown(i);
                }
            }
            return false;
        }
    }

    private static void shutDown(Instance i) {
        VmBootHook.BootedVm booted = i.booted;
        i.booted = null;
        if (booted != null) {
            booted.close();
        }
    }

    @Override
    public void ping() {}

    /** Closing a cloud client leaves its instances running, as on a real cloud. */
    @Override
    public void close() {}

    /** Stops every booted agent: the end of a test, not something a cloud client does. */
    public void powerOffAll() {
        instances.values().forEach(FakeVmCloud::shutDown);
    }
}
