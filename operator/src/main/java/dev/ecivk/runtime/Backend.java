package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.config.SimulatorOptions;
import dev.ecivk.metrics.CallOutcome;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.ContainerAccess;
import dev.ecivk.provider.Provider;
import dev.ecivk.provider.eci.EciCallListener;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.vm.VmCallListener;
import dev.ecivk.provider.vm.VmProvider;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chosen provider, and whatever must be closed with it. With {@code --provider simulator} the embedded ECI runs
 * in-process and the real ECI provider talks to it over HTTP, so the default run exercises the real client.
 */
record Backend(Provider provider, ContainerAccess access, AutoCloseable resources) implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Backend.class);
    /**
     * How long a call may wait for the client-side rate limiter. Short, so a create burst cannot hold every
     * reconcile worker (status writes of running Pods would wait behind it): a call that would wait longer fails as
     * throttled and its Pod is rescheduled with jittered backoff.
     */
    static final Duration MAX_RATE_LIMIT_WAIT = Duration.ofSeconds(2);
    // With the embedded ECI the client-side limits follow --sim-quota-scale, like the embedded ECI's own quotas
    // (0 turns both off), so benchmarks can model a raised quota.

    /**
     * The backends of a controller: {@code --provider}'s at once, the others when a VirtualNode first names them.
     */
    static Backends all(OperatorConfig config, ControllerMetrics metrics, KubernetesClient client) {
        VmBackend.Factory vms = new VmBackend.Factory(
                config, client, java.time.Clock.systemUTC(), new VmClouds(vmCallMetrics(metrics)));
        Backends.Factory factory = new Backends.Factory() {
            @Override
            public Backend create(ProviderKind kind) {
                Backend backend = kind.isVm() ? vms.create(kind) : Backend.create(config, kind, metrics);
                metrics.registerCloudActions(backend.cloudActions());
                return backend;
            }

            @Override
            public void close() {
                vms.close();
            }
        };
        try {
            return new Backends(config.provider(), factory.create(config.provider()), factory);
        } catch (RuntimeException e) {
            factory.close();
            throw e;
        }
    }

    /** The ECI backend of {@code kind}: Alibaba Cloud ECI, or the embedded ECI (in-process or at --eci-endpoint). */
    static Backend create(OperatorConfig config, ProviderKind kind, ControllerMetrics metrics) {
        EciCallListener listener = new EciCallListener() {
            @Override
            public void onCall(String action, String outcome, String code, long nanos) {
                metrics.recordCloudCall(action, outcome(outcome, code), code, Duration.ofNanos(nanos));
            }

            @Override
            public void onThrottleWait(String action, long waitNanos) {
                metrics.recordThrottleWait(action, Duration.ofNanos(waitNanos));
            }
        };
        if (kind == ProviderKind.eci) {
            EciProvider provider =
                    new EciProvider(EciProvider.Settings.alibabaCloud(config.eciRegion(), config.eciEndpoint())
                            .withRateLimit(1.0, MAX_RATE_LIMIT_WAIT)
                            .withListener(listener));
            LOG.info(
                    "Using ECI in {} at {}",
                    config.eciRegion(),
                    provider.settings().endpoint());
            return new Backend(provider, provider, null);
        }
        if (config.eciEndpoint() != null) {
            // an embedded ECI started separately (`ecivk simulator`), shared e.g. by replicas
            EciProvider provider = new EciProvider(EciProvider.Settings.staticKey(
                            config.eciEndpoint(),
                            config.eciRegion(),
                            config.simulator().accessKeyId(),
                            config.simulator().accessKeySecret())
                    .withRateLimit(config.simulator().quotaScale(), MAX_RATE_LIMIT_WAIT)
                    .withListener(listener));
            LOG.info("Using the embedded ECI at {}", config.eciEndpoint());
            return new Backend(provider, provider, null);
        }
        SimulatorSettings settings = simulatorSettings(config.simulator(), config.eciRegion(), config.eciVSwitchIds());
        EciSimulator simulator = EciSimulator.start(settings);
        try {
            String endpoint = simulator.endpoint();
            EciProvider provider = new EciProvider(EciProvider.Settings.staticKey(
                            endpoint,
                            settings.region(),
                            config.simulator().accessKeyId(),
                            config.simulator().accessKeySecret())
                    .withRateLimit(config.simulator().quotaScale(), MAX_RATE_LIMIT_WAIT)
                    .withListener(listener));
            LOG.info("Using the embedded ECI at {} (admin API: http://{}/_sim/)", endpoint, endpoint);
            return new Backend(provider, provider, simulator);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** The VM clouds' calls and limiter waits, counted as the ECI client's are (actions of the cloud's API). */
    static VmCallListener vmCallMetrics(ControllerMetrics metrics) {
        return new VmCallListener() {
            @Override
            public void onCall(String cloud, String action, String outcome, String code, long nanos) {
                metrics.recordCloudCall(action, outcome(outcome, code), code, Duration.ofNanos(nanos));
            }

            @Override
            public void onThrottleWait(String cloud, String action, long waitNanos) {
                metrics.recordThrottleWait(action, Duration.ofNanos(waitNanos));
            }
        };
    }

    /** The embedded ECI's settings from the options; each vSwitch gets its own zone (a, b, c, …). */
    static SimulatorSettings simulatorSettings(SimulatorOptions options, String region, List<String> vSwitchIds) {
        Map<String, String> zones = new LinkedHashMap<>();
        for (int i = 0; i < vSwitchIds.size(); i++) {
            zones.put(vSwitchIds.get(i), region + "-" + (char) ('a' + Math.min(i, 25)));
        }
        return SimulatorSettings.builder()
                .bindAddress(options.bindAddress())
                .port(options.port())
                .accessKey(options.accessKeyId(), options.accessKeySecret())
                .region(region)
                .startDelay(options.startDelay())
                .quotaScale(options.quotaScale())
                .maxCpu(options.maxCpu())
                .vSwitchZones(zones)
                .build();
    }

    /** A listener's outcome as the metrics tag it ({@code success}, {@code throttled}, a failure class). */
    static CallOutcome outcome(String outcome, String code) {
        if (EciCallListener.SUCCESS.equals(outcome)) {
            return CallOutcome.SUCCESS;
        }
        if (code != null && code.startsWith("Throttling")) {
            return CallOutcome.THROTTLED;
        }
        try {
            return CallOutcome.valueOf(outcome.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CallOutcome.TRANSIENT;
        }
    }

    /** The cloud API actions the provider calls (metrics exist for each before its first call). */
    java.util.Set<String> cloudActions() {
        if (provider instanceof EciProvider) {
            return EciProvider.knownActions();
        }
        return provider instanceof VmProvider vm ? vm.cloud().knownActions() : java.util.Set.of();
    }

    @Override
    public void close() throws Exception {
        provider.close();
        if (resources != null) {
            resources.close();
        }
    }
}
