package dev.ecivk.runtime;

import dev.ecivk.config.RunOptions;
import dev.ecivk.metrics.ControllerMetrics;
import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.provider.model.ContainerGroupState;
import dev.ecivk.testing.EmbeddedEci;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The package-private {@link Controller} for test packages outside {@code dev.ecivk}: started in-process against a
 * (mock) apiserver with its own real {@link EciProvider} toward a shared {@link EmbeddedEci}, as the scenario tests
 * in this package do. Defaults: fast status sync, orphans collectable at once, periodic GC off (tests call
 * {@link #collectOrphans()}), both simulator vSwitches.
 */
public final class TestController implements AutoCloseable {
    private final Controller controller;

    private TestController(Controller controller) {
        this.controller = controller;
    }

    /** Starts a controller for {@code node}; {@code overrides} are option/value pairs replacing the defaults. */
    public static TestController start(KubernetesClient client, EmbeddedEci eci, String node, String... overrides) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--node-name", node);
        options.put("--node-ip", "10.20.0.1");
        options.put("--metrics-port", "0");
        options.put("--kubelet-port", "0");
        options.put("--status-sync-interval", "200ms");
        options.put("--orphan-grace", "0s");
        options.put("--orphan-gc-interval", "1h");
        options.put("--eci-vswitch-ids", EmbeddedEci.VSWITCH_A + "," + EmbeddedEci.VSWITCH_B);
        options.put("--workers", "16");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        EciProvider provider = new EciProvider(eci.provider().settings());
        return new TestController(Controller.start(
                RunOptions.parse(args.toArray(String[]::new)),
                client,
                new Backend(provider, provider, null),
                new ControllerMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC()));
    }

    /** One status poll now. */
    public boolean pollNow() {
        return controller.node().groups().poll();
    }

    /** One orphan collection pass now: the groups it deleted. */
    public List<ContainerGroupState> collectOrphans() {
        return controller.node().orphans().collect(g -> {});
    }

    @Override
    public void close() {
        controller.close();
    }
}
