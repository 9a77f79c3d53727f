package dev.ecivk.cloud;

import dev.ecivk.provider.model.AccountUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a node may offer the scheduler out of the account's vCPU quota. Pure.
 *
 * <p>The scheduler places a Pod where the requests of the Node's Pods plus its own fit {@code allocatable}: it
 * subtracts the Node's running Pods itself. The account's {@code UsedCpu} counts those same Pods' groups, so
 * advertising the headroom ({@code MaxCpu − UsedCpu}) would subtract them twice and shrink the Node by what it
 * runs. What the node may offer is the headroom plus what the scheduler already counts for its Pods whose groups are
 * in {@code UsedCpu}: {@code MaxCpu − UsedCpu + requested}. Where a group is bigger than its Pod's requests (ECI
 * rounds a size up; a Pod without requests gets 2 vCPUs), the difference stays subtracted, as it should: the
 * scheduler does not see it. Pods bound but not created yet are not in {@code UsedCpu}; the scheduler counts them,
 * and they take their share of this figure.
 */
public final class NodeAllocatable {
    /** ECI's smallest group: a vCPU holds at most this many Pods' groups. */
    public static final int GROUPS_PER_VCPU = 4;

    private NodeAllocatable() {}

    /**
     * The allocatable cpu: the account's headroom plus what the node's live Pods request, never more than {@code
     * capacity} nor less than 0, in thousandths of a vCPU (the Quantity's precision); {@code capacity} when the
     * account reports no quota.
     *
     * @param requested the cpu the scheduler counts for the node's Pods whose groups count in {@code usage}
     */
    public static BigDecimal cpu(BigDecimal capacity, AccountUsage usage, double requested) {
        if (usage.maxCpu() < 0) {
            return capacity;
        }
        BigDecimal offer = BigDecimal.valueOf(usage.maxCpu())
                .subtract(BigDecimal.valueOf(Math.max(0, usage.usedCpu())))
                .add(BigDecimal.valueOf(Math.max(0, requested)))
                .setScale(3, RoundingMode.FLOOR);
        return offer.max(BigDecimal.ZERO).min(capacity).stripTrailingZeros();
    }

    /** Allocatable pods: the Pod capacity, or fewer when the cpu cannot hold that many of ECI's smallest groups. */
    public static long pods(long capacity, BigDecimal cpu) {
        long byCpu = cpu.multiply(BigDecimal.valueOf(GROUPS_PER_VCPU))
                .setScale(0, RoundingMode.FLOOR)
                .longValueExact();
        return Math.min(capacity, byCpu);
    }

    /** The share of the quota still free (0–1); 1 when the account reports no quota. */
    public static double headroomRatio(AccountUsage usage) {
        if (usage.maxCpu() < 0) {
            return 1;
        }
        if (usage.maxCpu() == 0) {
            return 0;
        }
        return usage.cpuHeadroom() / usage.maxCpu();
    }
}
