package dev.ecivk.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded ECI: an HTTP server speaking Alibaba Cloud's RPC protocol for the ECI actions, with signature checks,
 * quotas, a lifecycle engine, logs, exec and metrics, plus an admin API under {@code /_sim/}. Start it with {@link
 * #start(SimulatorSettings)}; point any ECI client at {@link #endpoint()} over HTTP.
 */
public final class EciSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EciSimulator.class);

    private final SimulatorSettings settings;
    private final GroupStore store;
    private final SimCounters counters = new SimCounters();
    private final FaultInjector faults = new FaultInjector();
    private final ActionQuotas quotas;
    private final ExecSessions execSessions;
    private final EciApi api;
    private final ScheduledExecutorService ticker;
    private RpcServer server;

    private EciSimulator(SimulatorSettings settings) {
        this.settings = settings;
        this.store = new GroupStore(settings);
        this.quotas = new ActionQuotas(settings.quotaScale());
        this.execSessions = new ExecSessions(settings.clock());
        this.api = new EciApi(settings, store, counters, execSessions);
        this.ticker = Executors.newSingleThreadScheduledExecutor(RpcServer.daemonThreads("eci-sim-lifecycle"));
    }

    /** Starts a simulator; the returned instance is listening. */
    public static EciSimulator start(SimulatorSettings settings) {
        EciSimulator sim = new EciSimulator(settings);
        try {
            sim.bind();
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
        return sim;
    }

    private void bind() {
        RpcEndpoint rpc = new RpcEndpoint(
                new Authenticator(settings.accessKeys(), settings.clock()),
                quotas,
                faults,
                counters,
                new RpcService() {
                    @Override
                    public Map<String, Object> handle(String action, String method, Map<String, String> params) {
                        return api.handle(action, method, params);
                    }

                    @Override
                    public Map<String, String> placementOf(String action, Map<String, String> params) {
                        return EciSimulator.this.placementOf(action, params);
                    }
                },
                "eci.aliyuncs.com");
        server = RpcServer.start(
                "eci-sim",
                settings.bindAddress(),
                settings.port(),
                settings.workerThreads(),
                rpc,
                new AdminApi(this)::handle,
                execSessions);
        api.publicEndpoint(endpoint());
        long tickMillis = Math.max(1, settings.tick().toMillis());
        ticker.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        LOG.info(
                "embedded ECI listening on {} (region {}, start delay {})",
                endpoint(),
                settings.region(),
                settings.startDelay());
    }

    private void tick() {
        try {
            store.tick(settings.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("embedded ECI lifecycle tick failed", e);
        }
    }

    /** Zone and vSwitch of a create, so zone/vSwitch faults can match. */
    private Map<String, String> placementOf(String action, Map<String, String> params) {
        if (!action.equals("CreateContainerGroup") && !action.equals("CreateImageCache")) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        String vSwitch = params.get("VSwitchId");
        if (vSwitch != null) {
            out.put("VSwitchId", vSwitch);
            try {
                out.put("ZoneId", store.placement(params));
            } catch (EciApiException e) {
                // a mismatching zone is reported by the create itself
            }
        }
        return out;
    }

    public int port() {
        return server.port();
    }

    /** {@code host:port} to give an ECI client (protocol HTTP). */
    public String endpoint() {
        return server.endpoint();
    }

    public SimulatorSettings settings() {
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

    /** Sets how many live groups a zone holds (null = unlimited). */
    public void setStock(String zoneId, Integer stock) {
        store.setStock(zoneId, stock);
    }

    Map<String, Object> stock() {
        return store.stockSnapshot();
    }

    /** Sets the account's regional vCPU quota: ListUsage's {@code MaxCpu}; creates beyond it fail. */
    public void setMaxCpu(double maxCpu) {
        if (!(maxCpu > 0)) {
            throw new IllegalArgumentException("the vCPU quota must be positive");
        }
        store.setMaxCpu(maxCpu);
    }

    /** ListUsage's attributes as the embedded ECI answers them now. */
    public Map<String, Object> usage() {
        return api.usage();
    }

    /** Every group as Describe shows it plus {@code Request}: the parameters that created it (passwords masked). */
    public List<Object> dumpGroups() {
        List<Object> groups = AdminApi.dump(store, settings.clock().instant());
        for (Object o : groups) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            @SuppressWarnings("unchecked")
            Map<String, String> request = new java.util.TreeMap<>((Map<String, String>) m.get("Request"));
            request.replaceAll((k, v) -> k.endsWith(".Password") ? "******" : v);
            m.put("Request", request);
        }
        return groups;
    }

    /** The parameters that created a group, or null. */
    public Map<String, String> creationRequest(String containerGroupId) {
        SimGroup g = store.get(containerGroupId);
        return g == null ? null : g.request;
    }

    /** Forgets every group, token, fault, counter and quota. */
    public void reset() {
        store.reset();
        faults.clear();
        counters.reset();
        quotas.reset();
        execSessions.reset();
    }

    /** Advances the lifecycle engine now (tests with a manual clock). */
    public void advance() {
        store.tick(settings.clock().instant());
    }

    Instant now() {
        return settings.clock().instant();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        ticker.shutdownNow();
    }
}
