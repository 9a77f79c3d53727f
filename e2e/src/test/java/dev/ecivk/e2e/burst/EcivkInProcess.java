package dev.ecivk.e2e.burst;

import dev.ecivk.provider.eci.EciProvider;
import dev.ecivk.runtime.VirtualKubelet;
import dev.ecivk.simulator.EciSimulator;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** ecivk as a library in the benchmark's JVM, on a client the benchmark built (so that it can count requests). */
final class EcivkInProcess implements KubeletUnderTest {
    private final KubernetesClient client;
    private final VirtualKubelet vk;
    private final EciAccess eci;

    private EcivkInProcess(KubernetesClient client, VirtualKubelet vk, EciAccess eci) {
        this.client = client;
        this.vk = vk;
        this.eci = eci;
    }

    /**
     * @param runArgs {@code ecivk run} options; they must name the embedded ECI's region and AccessKey as
     *     {@code access} does
     */
    static EcivkInProcess start(KubernetesClient client, List<String> runArgs, EciAccess access) throws Exception {
        VirtualKubelet vk = VirtualKubelet.start(client, runArgs.toArray(String[]::new));
        EciSimulator sim = vk.embeddedEci()
                .orElseThrow(() -> new IllegalStateException(
                        "the benchmark needs the embedded ECI (--provider simulator, the default)"));
        return new EcivkInProcess(
                client,
                vk,
                new EciAccess(sim.endpoint(), access.region(), access.accessKeyId(), access.accessKeySecret()));
    }

    @Override
    public String describe() {
        return "ecivk in the benchmark's JVM";
    }

    @Override
    public Optional<EciAccess> eci() {
        return Optional.of(eci);
    }

    @Override
    public String metrics() {
        return Scrape.metrics(vk.metricsPort());
    }

    @Override
    public Optional<Map<String, Long>> limiterWaits() {
        return Optional.of(vk.provider() instanceof EciProvider p ? p.throttledWaits() : Map.of());
    }

    @Override
    public void close() {
        try {
            vk.close();
        } finally {
            client.close();
        }
    }
}
