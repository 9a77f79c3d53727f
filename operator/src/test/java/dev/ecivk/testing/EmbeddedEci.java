package dev.ecivk.testing;

import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.simulator.EciSimulator;
import dev.ecivk.simulator.SimulatorSettings;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The embedded ECI for tests: a simulator on an ephemeral loopback port with a fast start delay, and a real
 * {@link EciProvider} (Alibaba's client, signed requests) pointed at it.
 *
 * <pre>{@code
 * try (EmbeddedEci eci = EmbeddedEci.start()) {
 *     String id = eci.provider().create(spec);
 *     eci.simulator().injectFault(Fault.error("CreateContainerGroup", "Throttling"));
 *     eci.simulator().counters().calls("CreateContainerGroup");
 * }
 * }</pre>
 */
public final class EmbeddedEci implements AutoCloseable {
    public static final Duration FAST_START = Duration.ofMillis(50);
    public static final String REGION = "cn-hangzhou";
    /** vSwitches the simulator knows, and their zones. */
    public static final String VSWITCH_A = "vsw-sim-a";

    public static final String VSWITCH_B = "vsw-sim-b";
    public static final String ZONE_A = REGION + "-a";
    public static final String ZONE_B = REGION + "-b";

    private final EciSimulator simulator;
    private final EciProvider provider;

    private EmbeddedEci(EciSimulator simulator, EciProvider provider) {
        this.simulator = simulator;
        this.provider = provider;
    }

    /** 50 ms start delay, a crash-loop back-off starting at 50 ms, ECI's quotas, V3 signatures. */
    public static EmbeddedEci start() {
        return start(b -> b, s -> s);
    }

    /** With a different start delay. */
    public static EmbeddedEci start(Duration startDelay) {
        return start(b -> b.startDelay(startDelay), s -> s);
    }

    /**
     * Fully customised: {@code simulator} adjusts the simulator settings (already set to a fast start and an
     * ephemeral port), {@code provider} the provider settings (already pointing at the simulator).
     */
    public static EmbeddedEci start(
            UnaryOperator<SimulatorSettings.Builder> simulator, UnaryOperator<EciProvider.Settings> provider) {
        SimulatorSettings settings = simulator
                .apply(SimulatorSettings.builder()
                        .port(0)
                        .region(REGION)
                        .startDelay(FAST_START)
                        .restartBackoff(FAST_START)
                        .tick(Duration.ofMillis(10))
                        .workerThreads(8))
                .build();
        EciSimulator sim = EciSimulator.start(settings);
        try {
            String keyId = settings.accessKeys().containsKey(SimulatorSettings.DEFAULT_ACCESS_KEY_ID)
                    ? SimulatorSettings.DEFAULT_ACCESS_KEY_ID
                    : settings.accessKeys().keySet().iterator().next();
            EciProvider.Settings ps = provider.apply(EciProvider.Settings.staticKey(
                            sim.endpoint(),
                            settings.region(),
                            keyId,
                            settings.accessKeys().get(keyId))
                    .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                    .withRateLimit(1.0, Duration.ofSeconds(5)));
            return new EmbeddedEci(sim, new EciProvider(ps));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** The real ECI provider, talking to the simulator. */
    public EciProvider provider() {
        return provider;
    }

    /** The simulator: counters, fault injection, stock, reset, group dump. */
    public EciSimulator simulator() {
        return simulator;
    }

    public String endpoint() {
        return simulator.endpoint();
    }

    @Override
    public void close() {
        provider.close();
        simulator.close();
    }
}
