package dev.ecivk.provider.model;

/**
 * The account's quotas in the region and how much of them is used (ECI's ListUsage). A value the cloud did not
 * report is -1.
 *
 * @param usedCpu vCPUs of the instances that count against the quota (may be fractional, e.g. 16.5)
 * @param maxCpu the regional vCPU quota
 * @param usedImageCacheCount image caches created by hand
 * @param maxImageCacheCount their quota
 * @param usedAutoImageCacheCount image caches the cloud created automatically
 * @param maxAutoImageCacheCount their quota
 * @param usedDataCacheCount data caches
 * @param maxDataCacheCount their quota
 */
public record AccountUsage(
        double usedCpu,
        double maxCpu,
        long usedImageCacheCount,
        long maxImageCacheCount,
        long usedAutoImageCacheCount,
        long maxAutoImageCacheCount,
        long usedDataCacheCount,
        long maxDataCacheCount) {

    /** True while vCPUs can still be started (the limit is not reached, or unknown). */
    public boolean cpuAvailable() {
        return maxCpu < 0 || usedCpu < maxCpu;
    }

    /** vCPUs that can still be started; -1 when the quota is unknown. */
    public double cpuHeadroom() {
        return maxCpu < 0 ? -1 : Math.max(0, maxCpu - Math.max(0, usedCpu));
    }
}
