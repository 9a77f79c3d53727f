package dev.ecivk.runtime;

import dev.ecivk.config.OperatorConfig;
import dev.ecivk.config.ProviderKind;
import dev.ecivk.provider.eci.EciCallListener;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ECI backend of {@code --provider eci|simulator}: Alibaba Cloud ECI, or the embedded ECI (in-process, or run
 * separately at {@code --eci-endpoint}), always through the real ECI client, so the default run exercises it. With
 * the embedded ECI the client-side limits follow {@code --sim-quota-scale}, like the embedded ECI's own quotas (0
 * turns both off), so benchmarks can model a raised quota. Wiring only.
 */
final class EciBackend {
    private static final Logger LOG = LoggerFactory.getLogger(EciBackend.class);

    private EciBackend() {}

    static Backend create(OperatorConfig config, ProviderKind kind, EciCallListener listener) {
        if (kind == ProviderKind.eci) {
            EciProvider provider =
                    new EciProvider(EciProvider.Settings.alibabaCloud(config.eciRegion(), config.eciEndpoint())
                            .withRateLimit(1.0, Backend.MAX_RATE_LIMIT_WAIT)
                            .withListener(listener));
            LOG.info(
                    "Using ECI in {} at {}",
                    config.eciRegion(),
                    provider.settings().endpoint());
            return new Backend(provider, provider, null);
        }
        if (config.eciEndpoint() != null) {
            // an embedded ECI started separately (`ecivk simulator`), shared e.g. by replicas
            EciProvider provider = towardEmbedded(config, config.eciEndpoint(), config.eciRegion(), listener);
            LOG.info("Using the embedded ECI at {}", config.eciEndpoint());
            return new Backend(provider, provider, null);
        }
        SimulatorSettings settings = EmbeddedCloudSettings.eci(config);
        EciSimulator simulator = EciSimulator.start(settings);
        try {
            String endpoint = simulator.endpoint();
            EciProvider provider = towardEmbedded(config, endpoint, settings.region(), listener);
            LOG.info("Using the embedded ECI at {} (admin API: http://{}/_sim/)", endpoint, endpoint);
            return new Backend(provider, provider, simulator);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
    }

    /** The ECI client toward an embedded ECI: its AccessKey, its quotas. */
    private static EciProvider towardEmbedded(
            OperatorConfig config, String endpoint, String region, EciCallListener listener) {
        return new EciProvider(EciProvider.Settings.staticKey(
                        endpoint,
                        region,
                        config.simulator().accessKeyId(),
                        config.simulator().accessKeySecret())
                .withRateLimit(config.simulator().quotaScale(), Backend.MAX_RATE_LIMIT_WAIT)
                .withListener(listener));
    }
}
