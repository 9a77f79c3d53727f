package dev.ecivk.simulator.ecs;

import dev.ecivk.ecs.contract.EcsContract;
import dev.ecivk.simulator.ActionQuotas;
import dev.ecivk.simulator.Authenticator;
import dev.ecivk.simulator.Fault;
import dev.ecivk.simulator.FaultInjector;
import dev.ecivk.simulator.RpcEndpoint;
import dev.ecivk.simulator.RpcServer;
import dev.ecivk.simulator.SimCounters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ECS: an HTTP server speaking Alibaba Cloud's RPC protocol (V1 and V3 signatures) for the ECS actions
 * the VM backend calls, with ECS's validation and error codes, per-action quotas, instance states and their
 * timings, tags, paging, ClientToken idempotency, zone stock, faults, and an admin API under {@code /_sim/}
 * (loopback callers only). An instance that reaches {@code Running} boots through the settings' {@link
 * dev.ecivk.simulator.vm.VmBootHook}. Point the official SDK at {@link #endpoint()} over HTTP.
 */
public final class EcsSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EcsSimulator.class);

    private final EcsSimulatorSettings settings;
    private final SimCounters counters = new SimCounters();
    private final FaultInjector faults = new FaultInjector();
    private final ActionQuotas quotas;
    private final EcsInstanceStore store;
    private final ScheduledExecutorService ticker;
    private RpcServer server;

    private EcsSimulator(EcsSimulatorSettings settings) {
        this.settings = settings;
        this.quotas = new ActionQuotas(
                EcsContract.QUOTAS_PER_MINUTE, EcsContract.DEFAULT_QUOTA_PER_MINUTE, settings.quotaScale());
        this.store = new EcsInstanceStore(settings, counters);
        this.ticker = Executors.newSingleThreadScheduledExecutor(RpcServer.daemonThreads("ecs-sim-lifecycle"));
    }

    /** Starts an embedded ECS; the returned instance is listening. */
    public static EcsSimulator start(EcsSimulatorSettings settings) {
        EcsSimulator sim = new EcsSimulator(settings);
        try {
            sim.bind();
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private void bind() {
        InstanceTypeCatalogue catalogue = new InstanceTypeCatalogue(new ArrayList<>(settings.zones()));
        RpcEndpoint rpc = new RpcEndpoint(
                new Authenticator(settings.accessKeys(), settings.clock()),
                quotas,
                faults,
                counters,
                new EcsApi(settings, catalogue, store),
                "ecs." + settings.region() + ".aliyuncs.com");
        server = RpcServer.start(
                "ecs-sim",
                settings.bindAddress(),
                settings.port(),
                settings.workerThreads(),
                rpc,
                new EcsAdminApi(this)::handle);
        long tickMillis = Math.max(1, settings.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info("embedded ECS listening on {} (region {}, zones {})", endpoint(), settings.region(), settings.zones());
    }

    private void tick() {
        try {
            store.tick(settings.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("embedded ECS lifecycle tick failed", e);
        }
    }

    public int port() {
        return server.port();
    }

    /** {@code host:port} to give the ECS client (protocol HTTP). */
    public String endpoint() {
        return server.endpoint();
    }

    public EcsSimulatorSettings settings() {
        return settings;
    }

    public SimCounters counters() {
        return counters;
    }

    public void injectFault(Fault fault) {
        faults.add(fault);
    }

    public void clearFaults() {
        faults.clear();
    }

    public List<Fault> faults() {
        return faults.rules();
    }

    /**
     * Sets how many live instances a zone holds, or of one type in it when {@code instanceType} is not null; null
     * capacity: unlimited. Full means {@code OperationDenied.NoStock} and {@code SoldOut} in
     * DescribeAvailableResource.
     */
    public void setStock(String zoneId, String instanceType, Integer capacity) {
        store.setStock(zoneId, instanceType, capacity);
    }

    public Map<String, Integer> stock() {
        return store.stock();
    }

    /** Locks an instance as ECS does for security reasons ({@code OperationLocks}); null unlocks it. */
    public boolean lock(String instanceId, String reason) {
        EcsInstance i = store.get(instanceId, settings.clock().instant());
        if (i == null) {
            return false;
        }
        i.lock(reason);
        return true;
    }

    /** Every instance as DescribeInstances shows it (user data left out: it carries the agent's credential). */
    public List<Map<String, Object>> instances() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (EcsInstance i : store.all(settings.clock().instant())) {
            out.add(EcsDescribe.render(i, settings.region()));
        }
        return out;
    }

    /** The state of one instance ({@code Pending}, …), or null when it does not exist. */
    public String status(String instanceId) {
        EcsInstance i = store.get(instanceId, settings.clock().instant());
        return i == null ? null : i.status().name();
    }

    /** Advances every instance to the clock's time now (tests with a manual clock). */
    public void advance() {
        store.tick(settings.clock().instant());
    }

    /** Releases every instance, forgets tokens, stock, faults, counters and quotas. */
    public void reset() {
        store.reset();
        faults.clear();
        counters.reset();
        quotas.reset();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        ticker.shutdownNow();
        store.reset();
    }
}
