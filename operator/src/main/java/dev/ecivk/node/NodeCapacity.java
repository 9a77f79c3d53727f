package dev.ecivk.node;

import dev.ecivk.provider.model.AccountUsage;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a virtual node advertises, from the options. The scheduler places a Pod only where its requests fit
 * {@code allocatable} and the {@code pods} count is not reached, so the defaults are sized for bursts (a
 * 10,000-replica Deployment fits) without promising more cpu than the cloud account can run: {@code auto} cpu is the
 * account's vCPU quota when the provider reports one, and {@code auto} memory follows the cpu.
 */
public final class NodeCapacity {
    /** cpu advertised with {@code auto} when the provider reports no quota. */
    public static final String FALLBACK_CPU = "10000";
    /** GiB of memory per vCPU with {@code auto} memory: ECI's largest memory-to-vCPU ratio. */
    public static final int MEMORY_GIB_PER_CPU = 8;
    /** A virtual node has no local disk to run out of; Pods asking for ephemeral storage must still fit. */
    public static final String EPHEMERAL_STORAGE = "100Ti";

    private NodeCapacity() {}

    /**
     * @param cpu a quantity or {@code auto}
     * @param memory a quantity or {@code auto}
     * @param gpu {@code 0} for none
     * @param usage the account's usage, when the provider reports it
     */
    public static Map<String, Quantity> resolve(
            String cpu, String memory, String pods, String gpu, Optional<AccountUsage> usage) {
        BigDecimal cores = "auto".equals(cpu)
                ? usage.filter(u -> u.maxCpu() > 0)
                        .map(u -> BigDecimal.valueOf(u.maxCpu()))
                        .orElse(new BigDecimal(FALLBACK_CPU))
                : Quantity.getAmountInBytes(new Quantity(cpu));
        Map<String, Quantity> capacity = new LinkedHashMap<>();
        capacity.put("cpu", new Quantity(cores.stripTrailingZeros().toPlainString()));
        capacity.put(
                "memory",
                "auto".equals(memory)
                        ? new Quantity(
                                cores.multiply(BigDecimal.valueOf(MEMORY_GIB_PER_CPU))
                                        .setScale(0, java.math.RoundingMode.CEILING)
                                        .toPlainString(),
                                "Gi")
                        : new Quantity(memory));
        capacity.put("pods", new Quantity(pods));
        capacity.put("ephemeral-storage", new Quantity(EPHEMERAL_STORAGE));
        if (!"0".equals(gpu)) {
            capacity.put("nvidia.com/gpu", new Quantity(gpu));
        }
        return capacity;
    }
}
