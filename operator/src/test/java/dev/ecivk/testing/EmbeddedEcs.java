package dev.ecivk.testing;

import dev.ecivk.provider.vm.alibaba.AlibabaEcsCloud;
import dev.ecivk.provider.vm.alibaba.AlibabaEcsSettings;
import dev.ecivk.simulator.ecs.EcsSimulator;
import dev.ecivk.simulator.ecs.EcsSimulatorSettings;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The embedded ECS for tests: a simulator on an ephemeral loopback port with short instance delays, and a real
 * {@link AlibabaEcsCloud} (the official ECS SDK, signed requests) pointed at it.
 *
 * <pre>{@code
 * try (EmbeddedEcs ecs = EmbeddedEcs.start()) {
 *     String id = ecs.cloud().launch(request);
 *     ecs.simulator().setStock(EmbeddedEcs.ZONE_A, "ecs.g7.large", 0);
 * }
 * }</pre>
 */
public final class EmbeddedEcs implements AutoCloseable {
    public static final Duration FAST = Duration.ofMillis(50);
    public static final String REGION = "cn-hangzhou";
    public static final String VSWITCH_A = "vsw-sim-a";
    public static final String VSWITCH_B = "vsw-sim-b";
    public static final String ZONE_A = REGION + "-a";
    public static final String ZONE_B = REGION + "-b";
    public static final String SECURITY_GROUP = EcsSimulatorSettings.DEFAULT_SECURITY_GROUP;
    public static final String IMAGE = EcsSimulatorSettings.DEFAULT_IMAGE;

    private final EcsSimulator simulator;
    private final AlibabaEcsCloud cloud;

    private EmbeddedEcs(EcsSimulator simulator, AlibabaEcsCloud cloud) {
        this.simulator = simulator;
        this.cloud = cloud;
    }

    /** 50 ms in each transitional state, ECS's quotas, V3 signatures. */
    public static EmbeddedEcs start() {
        return start(b -> b, c -> c);
    }

    /**
     * Customised: {@code simulator} adjusts the simulator settings (already fast, on an ephemeral port), {@code
     * cloud} the adapter's (already pointing at the simulator with its AccessKey).
     */
    public static EmbeddedEcs start(
            UnaryOperator<EcsSimulatorSettings.Builder> simulator, UnaryOperator<AlibabaEcsSettings.Builder> cloud) {
        EcsSimulatorSettings settings = simulator
                .apply(EcsSimulatorSettings.builder()
                        .port(0)
                        .region(REGION)
                        .delays(FAST)
                        .tick(Duration.ofMillis(10)))
                .build();
        EcsSimulator sim = EcsSimulator.start(settings);
        try {
            String keyId = settings.accessKeys().keySet().iterator().next();
            AlibabaEcsSettings cs = cloud.apply(AlibabaEcsSettings.builder(settings.region())
                            .endpoint(sim.endpoint())
                            .protocol("HTTP")
                            .accessKey(keyId, settings.accessKeys().get(keyId))
                            .timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10))
                            .rateLimit(1.0, Duration.ofSeconds(5)))
                    .build();
            return new EmbeddedEcs(sim, new AlibabaEcsCloud(cs));
        } catch (RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    /** The real ECS adapter, talking to the simulator. */
    public AlibabaEcsCloud cloud() {
        return cloud;
    }

    /** The simulator: counters, faults, stock, locks, reset. */
    public EcsSimulator simulator() {
        return simulator;
    }

    public String endpoint() {
        return simulator.endpoint();
    }

    @Override
    public void close() {
        cloud.close();
        simulator.close();
    }
}
